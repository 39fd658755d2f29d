/** One approval request in full: the command and its cwd, or the coloured diff with line numbers; scrolls. */
import { Box, Text } from 'ink';
import type { LineStyle, StyledLine } from '../src/core/approval-text.js';

const COLORS: Partial<Record<LineStyle, string>> = { add: 'green', del: 'red', hunk: 'magenta', file: 'cyan', note: 'yellow', label: 'gray' };

export function ApprovalDetail(props: { title: string; lines: StyledLine[]; scroll: number; total: number; status?: string; width: number; height: number }) {
  const { title, lines, scroll, total, status, width, height } = props;
  const where = total > lines.length ? `  lines ${scroll + 1}-${scroll + lines.length} of ${total}` : '';
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="yellow" paddingX={1} overflow="hidden">
      <Text bold wrap="truncate">{`${title}${where}`}</Text>
      {status ? <Text color="gray">{status}</Text> : null}
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate" color={COLORS[l.style]} bold={l.style === 'title' || l.style === 'file'}>
          {l.text || ' '}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text color="gray" wrap="truncate">
        {'j/k PgUp/PgDn scroll  y allow  A allow always  n deny…  N deny + interrupt  g go to agent  q back'}
      </Text>
    </Box>
  );
}
