/** The bottom line: host, daemon, agents by status, pending approvals, clock and key hint; a prompt or message takes it over. */
import { Box, Text } from 'ink';
import type { AgentRecord } from '../src/core/agent.js';
import { countAgents, describeStatusCounts } from '../src/core/agent-counts.js';
import type { StatusInfo } from './view-model.js';

/** The same counting and wording as `paseo daemon status` (agent-counts.ts), over the agents the TUI lists. */
function countByStatus(agents: AgentRecord[]): string {
  return describeStatusCounts(countAgents(agents));
}

export function StatusLine({ status, agents, width }: { status: StatusInfo; agents: AgentRecord[]; width: number }) {
  if (status.prompt !== undefined) {
    return (
      <Box width={width} height={1}>
        <Text backgroundColor="yellow" color="black" wrap="truncate">
          {` ${status.prompt}`.padEnd(width)}
        </Text>
      </Box>
    );
  }
  const daemon = status.connection === 'connected' ? `daemon ${status.daemon}` : 'daemon DISCONNECTED, reconnecting…';
  const right = ` ${status.more ? `${status.more} │ ` : ''}${status.clock} │ ${status.prefixArmed ? 'prefix…' : status.hint} `;
  const left = status.message
    ? ` ${status.message}`
    : ` paseo │ ${status.host} │ ${daemon} │ ${countByStatus(agents)} │ ${status.approvals} approvals`;
  const room = Math.max(0, width - right.length);
  const shownLeft = left.length > room ? `${left.slice(0, Math.max(0, room - 1))}…` : left.padEnd(room);
  const alert = status.connection === 'disconnected' || status.message !== undefined;
  return (
    <Box width={width} height={1}>
      <Text backgroundColor={alert ? 'red' : 'blue'} color="white" wrap="truncate">
        {(shownLeft + right).slice(0, width)}
      </Text>
    </Box>
  );
}
