/** Pick an agent from a list (tmux choose-tree): ↑/↓ or j/k, Enter focuses, Esc cancels. */
import { Box, Text } from 'ink';
import type { AgentRecord } from '../src/core/agent.js';
import { StatusBadge } from './StatusBadge.js';

export function AgentPicker({ agents, selected, width, height }: { agents: AgentRecord[]; selected: number; width: number; height: number }) {
  const fit = Math.max(1, height - 4);
  const start = Math.max(0, Math.min(selected - fit + 1, agents.length - fit));
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1} overflow="hidden">
      <Text bold wrap="truncate">{'Choose an agent  (↑/↓, Enter, Esc)'}</Text>
      {agents.length === 0 ? <Text color="gray">no agents</Text> : null}
      {agents.slice(start, start + fit).map((agent, i) => (
        <Text key={agent.id} wrap="truncate" inverse={start + i === selected}>
          <StatusBadge status={agent.status} attention={agent.attention} />
          {`${agent.title}  ${agent.provider}  ${agent.id.slice(0, 8)}  ${agent.cwd}`}
        </Text>
      ))}
    </Box>
  );
}
