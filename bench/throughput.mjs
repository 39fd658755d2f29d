// Engine throughput: 50 MiB coloured build log (and `seq 1 6400000`) through PTY → headless → WebSocket
// clients, side by side with tmux (history-limit 10000: the same depth as paseo's default scrollbackLines) and the
// same number of attached clients. Every measurement runs in a
// fresh process (throughput-worker.mjs); configurations are interleaved with a rotating start order;
// each ratio is paseo/tmux MB/s within one round, and the gate is the median of those ratios. The raw node stack
// (lib/raw-stack-server.mjs: an xterm keeping paseo's 1 000 live rows, nothing kept beyond them) runs beside both as an
// INFO row: the ceiling for paseo's design here (paseo's xterm work, without its history store and supervisor).
// Env: PASEO_BENCH_ROUNDS (default 3), PASEO_BENCH_MB (default 50; 20 with PASEO_BENCH_QUICK), PASEO_BENCH_THR_ONLY
// (comma-separated gate ids or parts of them, e.g. `seq` or `K=20`: only those run).
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureData } from './lib/data.mjs';
import { median, medianRatio } from './lib/stats.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';
import { probePaseo } from './lib/paseo.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = !!process.env.PASEO_BENCH_QUICK;
const ROUNDS = Number(process.env.PASEO_BENCH_ROUNDS || (quick ? 2 : 3));
const MBIN = Number(process.env.PASEO_BENCH_MB || (quick ? 20 : 50));
const RAW_SCROLLBACK = process.env.PASEO_BENCH_RAW_SCROLLBACK || '1000';

const ONLY = (process.env.PASEO_BENCH_THR_ONLY || '').split(',').map((s) => s.trim()).filter(Boolean);
// Targets from issue 14 (tmux at the same history depth).
const GATES = [
  { id: 'buildlog K=1', file: 'buildlog', K: 1, limit: 1.0 },
  { id: 'buildlog K=20', file: 'buildlog', K: 20, limit: 2.0 },
  { id: 'seq K=1', file: 'seq', K: 1, limit: 0.8 },
].filter((g) => ONLY.length === 0 || ONLY.some((o) => g.id.includes(o)));

function measure(mode, file, K) {
  const r = spawnSync(process.execPath, [path.join(here, 'throughput-worker.mjs'), mode, file, String(K)], { encoding: 'utf8', timeout: 200000 });
  if (r.status !== 0) { process.stderr.write(`  ${mode} ${path.basename(file)} K=${K} failed: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}\n`); return null; }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

runMain('throughput', async () => {
  const data = ensureData(MBIN);
  const unavailable = await probePaseo();
  const modes = unavailable ? ['tmux'] : ['tmux', 'paseo', 'raw'];
  const configs = [];
  for (const g of GATES) for (const m of modes) configs.push({ ...g, mode: m });
  const res = Object.fromEntries(configs.map((c) => [`${c.mode} ${c.id}`, Array(ROUNDS).fill(null)]));
  const budgetMs = Number(process.env.PASEO_BENCH_THR_BUDGET_S || 420) * 1000;
  const tStart = Date.now();
  let roundsRun = 0, lastRoundMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0 && Date.now() - tStart + lastRoundMs > budgetMs) { process.stderr.write(`  time budget reached: ${round} rounds instead of ${ROUNDS}\n`); break; }
    const tRound = Date.now();
    roundsRun++;
    for (let j = 0; j < configs.length; j++) {
      const c = configs[(j + round) % configs.length];
      const o = measure(c.mode, data[c.file], c.K);
      res[`${c.mode} ${c.id}`][round] = o;
      process.stderr.write(`  round ${round} ${c.mode} ${c.id}: ${o ? o.MBps.toFixed(1) + ' MB/s' : 'failed'}\n`);
    }
    lastRoundMs = Date.now() - tRound;
  }
  const rows = [];
  for (const g of GATES) {
    const t = res[`tmux ${g.id}`].map((o) => (o ? o.MBps : NaN));
    const target = `≥ ${g.limit}× tmux (same K)`;
    if (unavailable) { rows.push({ ...skipRow(`${g.id} MB/s`, `paseo: ${unavailable}`, target), ref: median(t), unit: 'MB/s' }); continue; }
    const p = res[`paseo ${g.id}`].map((o) => (o ? o.MBps : NaN));
    const { ratio, ratios } = medianRatio(p, t);
    const po = res[`paseo ${g.id}`].filter(Boolean), to = res[`tmux ${g.id}`].filter(Boolean);
    if (!po.length) { rows.push({ ...skipRow(`${g.id} MB/s`, 'every paseo measurement failed (see stderr)', target), ref: median(t), unit: 'MB/s', verdict: 'FAIL' }); continue; }
    rows.push(row({
      metric: `${g.id} MB/s`, paseo: median(p), ref: median(t), ratio, unit: 'MB/s', target, op: '>=', limit: g.limit,
      detail: `ratios ${ratios.map((x) => x.toFixed(2)).join(' ')}; server CPU ${Math.round(median(po.map((o) => o.serverCpuMs)))} vs ${Math.round(median(to.map((o) => o.serverCpuMs)))} ms; ` +
        `MB received per client (paseo lean: JSON frames) ${median(po.map((o) => o.clientMB)).toFixed(1)} vs ${median(to.map((o) => o.clientMB)).toFixed(1)}; resyncs ${median(po.map((o) => o.resyncs))}; client-side CPU ${Math.round(median(po.map((o) => o.workerCpuMs)))} ms`,
    }));
    const raw = res[`raw ${g.id}`].map((o) => (o ? o.MBps : NaN));
    const vsTmux = medianRatio(raw, t), paseoVsRaw = medianRatio(p, raw);
    rows.push(row({
      metric: `${g.id} raw stack MB/s (info)`, paseo: median(raw), ref: median(t), refLabel: 'tmux', ratio: vsTmux.ratio, unit: 'MB/s',
      detail: `node-pty → headless (${RAW_SCROLLBACK} rows of scrollback) → ws in one process; paseo / raw stack ${paseoVsRaw.ratio.toFixed(2)}× (ratios ${paseoVsRaw.ratios.map((x) => x.toFixed(2)).join(' ')})`,
    }));
  }
  return { name: 'throughput', note: `${MBIN} MiB inputs, 80x24, ${roundsRun} rounds, median of per-round paseo/tmux ratios; paseo clients: ${process.env.PASEO_BENCH_THR_CLIENT || 'lean'} (lean = every frame received, marker found in the raw bytes; parse = JSON.parse of every frame)`, params: { MB: MBIN, rounds: roundsRun }, rows, raw: res };
});
