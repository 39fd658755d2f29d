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
  // Pending approvals are drawn loud (own colours) while any waits; the message takes the line when there is one.
  const loud = status.message === undefined && status.approvals > 0 ? ` ${status.approvals} approval${status.approvals === 1 ? '' : 's'} waiting ` : '';
  const left = status.message
    ? ` ${status.message}`
    : ` paseo │ ${status.host} │ ${daemon} │ ${countByStatus(agents)} │${loud ? '' : ` ${status.approvals} approvals`}`;
  const room = Math.max(0, width - right.length - loud.length);
  const shownLeft = left.length > room ? `${left.slice(0, Math.max(0, room - 1))}…` : left;
  const alert = status.connection === 'disconnected' || status.message !== undefined;
  const bg = alert ? 'red' : 'blue';
  return (
    <Box width={width} height={1}>
      <Text backgroundColor={bg} color="white" wrap="truncate">
        {shownLeft.slice(0, width)}
      </Text>
      {loud ? (
        <Text backgroundColor="yellow" color="black" bold wrap="truncate">
          {loud.slice(0, Math.max(0, width - shownLeft.length))}
        </Text>
      ) : null}
      <Text backgroundColor={bg} color="white" wrap="truncate">
        {(' '.repeat(Math.max(0, width - shownLeft.length - loud.length - right.length)) + right).slice(0, Math.max(0, width - shownLeft.length - loud.length))}
      </Text>
    </Box>
  );
}
