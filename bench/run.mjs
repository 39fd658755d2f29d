// paseo benchmark runner: `node bench/run.mjs [name...]` (npm run bench builds first).
// Each benchmark runs in its own child process with a deadline, prints its table, and returns JSON;
// the runner prints a summary and writes bench/results/latest.json.
// Env: PASEO_BENCH_QUICK=1 → fewer rounds / smaller inputs (each benchmark says what it used).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// name → deadline (ms). Order: cheap first; the whole suite stays under ~15 min on 2 cores.
const BENCHES = {
  snapshot: 120_000,
  idle: 120_000,
  startup: 150_000,
  echo: 240_000,
  render: 150_000,
  'tui-cpu': 240_000,
  throughput: 600_000, // stops starting rounds after PASEO_BENCH_THR_BUDGET_S (default 420 s)
  viewer: 300_000,
  memory: 600_000,
  scale: 420_000,
};

const want = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const w of want) if (!BENCHES[w]) { process.stderr.write(`unknown benchmark ${w}; one of: ${Object.keys(BENCHES).join(', ')}\n`); process.exit(2); }
const names = want.length ? want : Object.keys(BENCHES);

let current; // the running benchmark's process group
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { if (current) { try { process.kill(-current, 'SIGTERM'); } catch {} } process.exit(130); });

function runOne(name) {
  return new Promise((resolve) => {
    const out = path.join(os.tmpdir(), `paseo-bench-${process.pid}-${name}.json`);
    fs.rmSync(out, { force: true });
    const env = { ...process.env, PASEO_BENCH_OUT: out, PASEO_BENCH_DEADLINE_MS: String(BENCHES[name]) };
    delete env.CI;
    const t0 = Date.now();
    const child = spawn(process.execPath, [path.join(here, `${name}.mjs`)], { stdio: ['ignore', 'inherit', 'inherit'], env, detached: true });
    current = child.pid;
    // Hard stop 20 s after the benchmark's own deadline: kill its whole process group.
    const hard = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, BENCHES[name] + 20_000);
    child.on('exit', (code, sig) => {
      clearTimeout(hard);
      try { process.kill(-child.pid, 'SIGKILL'); } catch {} // leftovers of that group (never the runner's)
      let result;
      try { result = JSON.parse(fs.readFileSync(out, 'utf8')); } catch {
        result = { name, rows: [{ metric: '(benchmark)', verdict: 'FAIL', detail: `exited ${code ?? sig} without a result` }] };
      }
      fs.rmSync(out, { force: true });
      result.seconds = Math.round((Date.now() - t0) / 100) / 10;
      resolve(result);
    });
  });
}

const started = new Date();
const results = [];
for (const n of names) {
  process.stdout.write(`\n# ${n} …\n`);
  results.push(await runOne(n));
}
const counts = { PASS: 0, FAIL: 0, SKIP: 0, INFO: 0 };
process.stdout.write('\n# summary\n');
for (const r of results) {
  const v = r.rows.map((x) => x.verdict);
  for (const x of v) counts[x] = (counts[x] || 0) + 1;
  process.stdout.write(`${r.name.padEnd(12)} ${String(r.seconds).padStart(6)} s  ` +
    `${v.filter((x) => x === 'PASS').length} pass, ${v.filter((x) => x === 'FAIL').length} fail, ${v.filter((x) => x === 'SKIP').length} skip\n`);
  const f = (x) => (typeof x === 'number' && Number.isFinite(x) ? String(Math.round(x * 100) / 100) : '—');
  for (const x of r.rows) if (x.verdict === 'FAIL') process.stdout.write(`   FAIL ${x.metric}: ${f(x.paseo)} ${x.unit || ''}${x.ratio != null ? ` (${f(x.ratio)}× ref)` : ''}, target ${x.target || '—'}\n`);
}
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'latest.json'), JSON.stringify({
  started: started.toISOString(), finished: new Date().toISOString(), host: { cpus: os.cpus().length, node: process.version, platform: os.platform() },
  quick: !!process.env.PASEO_BENCH_QUICK, counts, results,
}, null, 2));
process.stdout.write(`\n${counts.PASS} pass, ${counts.FAIL} fail, ${counts.SKIP} skip → bench/results/latest.json\n`);
// Exit 0 even with failures: the table is the verdict; CI decides what to gate.
process.exit(0);
