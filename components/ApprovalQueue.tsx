/** The approval queue (prefix a): oldest first, one row each — agent, provider, tool, summary, age, time left. */
import { Text } from 'ink';
import { KeyedPanel } from './KeyedPanel.js';
import type { ApprovalRow } from './view-model.js';

export function ApprovalQueue({ rows, selected, width, height }: { rows: ApprovalRow[]; selected: number; width: number; height: number }) {
  // Border (2), title, header, blank and the key line.
  const fit = Math.max(1, height - 6);
  const start = Math.max(0, Math.min(selected - fit + 1, rows.length - fit));
  const inner = Math.max(10, width - 4);
  const col = (k: 'agent' | 'provider' | 'tool' | 'age' | 'left', min: number, max: number) => Math.min(max, Math.max(min, ...rows.map((r) => r[k].length)));
  const w = { agent: col('agent', 5, 20), provider: col('provider', 8, 10), tool: col('tool', 4, 14), age: col('age', 3, 6), left: col('left', 4, 6) };
  const fixed = w.agent + w.provider + w.tool + w.age + w.left + 10;
  const summaryWidth = Math.max(8, inner - fixed);
  const cell = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
  const line = (r: ApprovalRow | { agent: string; provider: string; tool: string; summary: string; age: string; left: string }) =>
    `${cell(r.agent, w.agent)}  ${cell(r.provider, w.provider)}  ${cell(r.tool, w.tool)}  ${cell(r.summary, summaryWidth)}  ${cell(r.age, w.age)}  ${cell(r.left, w.left)}`;
  return (
    <KeyedPanel
      title={`Approvals (${rows.length} pending, oldest first)`}
      keys="j/k move  Enter detail  y allow  A allow always  n deny…  N deny + interrupt  g go to agent  q close"
      borderColor={rows.length ? 'yellow' : 'cyan'}
      width={width}
      height={height}
    >
      <Text color="gray" wrap="truncate">{line({ agent: 'AGENT', provider: 'PROVIDER', tool: 'TOOL', summary: 'SUMMARY', age: 'AGE', left: 'LEFT' })}</Text>
      {rows.length === 0 ? <Text color="gray">no pending approvals</Text> : null}
      {rows.slice(start, start + fit).map((r, i) => (
        <Text key={r.id} wrap="truncate" inverse={start + i === selected}>
          {line(r)}
        </Text>
      ))}
    </KeyedPanel>
  );
}
