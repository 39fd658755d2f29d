/** The agent list: title, status badge and attention marker, then provider and cwd; the focused agent highlighted. */
import { Box, Text } from 'ink';
import type { AgentRecord } from '../src/core/agent.js';
import { StatusBadge } from './StatusBadge.js';

function shortCwd(cwd: string, width: number): string {
  const home = process.env.HOME;
  const path = home && cwd.startsWith(home) ? `~${cwd.slice(home.length)}` : cwd;
  return path.length <= width ? path : `…${path.slice(path.length - width + 1)}`;
}

export function Sidebar({ agents, focusId, width, height }: { agents: AgentRecord[]; focusId: string | undefined; width: number; height: number }) {
  const inner = width - 3;
  const fit = Math.max(0, Math.floor((height - 2) / 2));
  const start = Math.max(0, Math.min(agents.findIndex((a) => a.id === focusId) - fit + 1, agents.length - fit));
  const shown = agents.slice(start, start + fit);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="single" borderTop={false} borderLeft={false} borderBottom={false} borderColor="gray" overflow="hidden">
      <Text bold wrap="truncate">
        {` agents (${agents.length})`}
      </Text>
      {agents.length === 0 ? (
        <Text color="gray" wrap="truncate">
          {' none yet'}
        </Text>
      ) : null}
      {shown.map((agent) => {
        const focused = agent.id === focusId;
        return (
          <Box key={agent.id} flexDirection="column" height={2}>
            <Text wrap="truncate" inverse={focused}>
              <StatusBadge status={agent.status} attention={agent.attention} />
              {agent.title.slice(0, inner - 2).padEnd(inner - 2)}
            </Text>
            <Text color="gray" wrap="truncate">
              {`  ${agent.provider} ${shortCwd(agent.cwd, Math.max(4, inner - agent.provider.length - 3))}`}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
