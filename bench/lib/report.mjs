// Result rows, verdicts and table printing. A benchmark builds a result object:
//   { name, note?, params, rows: [{ metric, paseo, ref, refLabel, ratio, target, verdict, unit, detail }] }
// verdict is 'PASS' | 'FAIL' | 'SKIP' | 'INFO'. Gating is always on `ratio` (median of per-round
// ratios) when a reference exists, or on an absolute value where the target is absolute.
import fs from 'node:fs';
import { round } from './stats.mjs';

export function check(value, op, limit) {
  if (!Number.isFinite(value)) return 'FAIL';
  return (op === '>=' ? value >= limit : op === '<=' ? value <= limit : value < limit) ? 'PASS' : 'FAIL';
}

export function row(o) {
  const r = { metric: o.metric, paseo: o.paseo, ref: o.ref, refLabel: o.refLabel, ratio: o.ratio, target: o.target, unit: o.unit ?? '', detail: o.detail ?? '' };
  if (o.skip) r.verdict = 'SKIP';
  else if (o.op) r.verdict = check(o.gateValue ?? o.ratio, o.op, o.limit);
  else r.verdict = 'INFO';
  if (o.op && !o.target) r.target = `${o.gateLabel ?? 'ratio'} ${o.op} ${o.limit}`;
  return r;
}

export const skipRow = (metric, reason, target = '') => ({ metric, paseo: null, ref: null, ratio: null, target, verdict: 'SKIP', unit: '', detail: reason });

const fmt = (x, unit = '') => {
  if (x === null || x === undefined) return '—';
  if (typeof x === 'number') return Number.isFinite(x) ? `${round(x, Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2)}${unit ? ' ' + unit : ''}` : String(x);
  return String(x);
};

export function formatTable(result) {
  const head = ['metric', 'paseo', 'tmux / ref', 'ratio', 'target', 'verdict', 'detail'];
  const lines = result.rows.map((r) => [r.metric, fmt(r.paseo, r.unit), r.ref === null || r.ref === undefined ? '—' : `${fmt(r.ref, r.unit)}${r.refLabel ? ` (${r.refLabel})` : ''}`,
    r.ratio === null || r.ratio === undefined ? '—' : `${fmt(r.ratio)}×`, r.target || '—', r.verdict, r.detail || '']);
  const w = head.map((h, i) => Math.min(60, Math.max(h.length, ...lines.map((l) => String(l[i]).length))));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |';
  const out = [`\n## ${result.name}${result.note ? ` — ${result.note}` : ''}`, line(head), '|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...lines.map(line)];
  return out.join('\n');
}

/** Called by each benchmark file at the end: prints its table; writes JSON for the runner when asked. */
export function finish(result) {
  process.stdout.write(formatTable(result) + '\n');
  if (process.env.PASEO_BENCH_OUT) fs.writeFileSync(process.env.PASEO_BENCH_OUT, JSON.stringify(result, null, 2));
}

/** Run a benchmark's main() with a hard deadline; a crash becomes a FAIL row, never a fake number. */
export async function runMain(name, main) {
  const deadlineMs = Number(process.env.PASEO_BENCH_DEADLINE_MS || 0);
  let timer;
  if (deadlineMs) timer = setTimeout(() => {
    finish({ name, rows: [{ metric: '(benchmark)', paseo: null, ref: null, ratio: null, target: '', verdict: 'FAIL', detail: `did not finish within ${deadlineMs} ms` }] });
    process.exit(2);
  }, deadlineMs);
  try {
    const result = await main();
    finish(result);
    clearTimeout(timer);
    process.exit(0);
  } catch (e) {
    finish({ name, rows: [{ metric: '(benchmark)', paseo: null, ref: null, ratio: null, target: '', verdict: 'FAIL', detail: `error: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}` }] });
    clearTimeout(timer);
    process.exit(1);
  }
}
