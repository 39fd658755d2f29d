/** One approval request in full: the command and its cwd, or the coloured diff with line numbers; scrolls. */
import { Text } from 'ink';
import type { LineStyle, StyledLine } from '../src/core/approval-text.js';
import { KeyedPanel } from './KeyedPanel.js';

const COLORS: Partial<Record<LineStyle, string>> = { add: 'green', del: 'red', hunk: 'magenta', file: 'cyan', note: 'yellow', label: 'gray' };

export function ApprovalDetail(props: { title: string; lines: StyledLine[]; scroll: number; total: number; status?: string; width: number; height: number }) {
  const { title, lines, scroll, total, status, width, height } = props;
  const where = total > lines.length ? `  lines ${scroll + 1}-${scroll + lines.length} of ${total}` : '';
  return (
    <KeyedPanel
      title={`${title}${where}`}
      keys="j/k PgUp/PgDn scroll  y allow  A allow always  n deny…  N deny + interrupt  g go to agent  q back"
      borderColor="yellow"
      width={width}
      height={height}
    >
      {status ? <Text color="gray">{status}</Text> : null}
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate" color={COLORS[l.style]} bold={l.style === 'title' || l.style === 'file'}>
          {l.text || ' '}
        </Text>
      ))}
    </KeyedPanel>
  );
}
