/** The bottom line: host, daemon, agents by status, pending approvals, clock and key hint; a prompt or message takes it over. */
import { Box, Text } from 'ink';
import type { AgentRecord, AgentStatus } from '../src/core/agent.js';
import type { StatusInfo } from './view-model.js';

const ORDER: AgentStatus[] = ['running', 'waiting', 'idle', 'starting', 'exited', 'error'];

function countByStatus(agents: AgentRecord[]): string {
  const counts = new Map<AgentStatus, number>();
  for (const a of agents) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  const parts = ORDER.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  return parts.length ? parts.join(' ') : 'no agents';
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
