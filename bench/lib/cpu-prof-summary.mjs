// Self and total time per function of a .cpuprofile (from --cpu-prof or lib/cpu-prof-preload.mjs).
//   node bench/lib/cpu-prof-summary.mjs <file.cpuprofile> [top=40] [filter]
// `filter`: also list the total (inclusive) time of functions whose name or url contains it.
import fs from 'node:fs';

const [file, top_ = '40', filter] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = new Map();
prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const label = (n) => `${n.callFrame.functionName || '(anon)'} ${(n.callFrame.url || '').split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map(), total = new Map();
let all = 0;
for (const [id, us] of dt) {
  all += us;
  const n = byId.get(id);
  self.set(label(n), (self.get(label(n)) ?? 0) + us);
  // Inclusive: each label counted once per sample stack (recursion not doubled).
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    total.set(l, (total.get(l) ?? 0) + us);
  }
}
const ms = (us) => (us / 1000).toFixed(0).padStart(7);
console.log(`total ${ms(all)} ms`);
console.log('--- self');
for (const [l, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top_))) console.log(`${ms(us)}  ${l}`);
if (filter) {
  console.log(`--- total, matching ${filter}`);
  for (const [l, us] of [...total].filter(([l]) => l.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, Number(top_))) console.log(`${ms(us)}  ${l}`);
}
