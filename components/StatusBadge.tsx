/** A one-cell status symbol with its colour; the attention marker sits beside it. */
import { Text } from 'ink';
import type { AgentStatus, Attention } from '../src/core/agent.js';

const BADGES: Record<AgentStatus, { symbol: string; color: string }> = {
  starting: { symbol: '◌', color: 'yellow' },
  running: { symbol: '●', color: 'green' },
  idle: { symbol: '○', color: 'cyan' },
  waiting: { symbol: '◆', color: 'magenta' },
  exited: { symbol: '✕', color: 'gray' },
  error: { symbol: '✕', color: 'red' },
};

export function StatusBadge({ status, attention }: { status: AgentStatus; attention?: Attention | undefined }) {
  const badge = BADGES[status];
  return (
    <Text>
      <Text color={badge.color}>{badge.symbol}</Text>
      <Text color={attention === 'error' ? 'red' : 'yellow'} bold>
        {attention ? '!' : ' '}
      </Text>
    </Text>
  );
}
