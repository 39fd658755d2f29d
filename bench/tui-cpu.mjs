// Live CPU with the TUI attached: 4 panes of 100x30, each running a pacer that writes build-log lines
// at a fixed rate. tmux: one window split 2x2 (status off), `tmux attach` in an outer pty; CPU = server
// + client. paseo: 4 command agents in a daemon, the TUI (`paseo`) in an outer pty sized so each pane
// is 100x30; CPU = daemon + TUI. Frames = synchronized-output frames (ESC[?2026h) the TUI wrote.
// Both sides measured over the same window length, interleaved per round; gate = median of per-round
// CPU ratios. Targets: 20 KB/s per pane ≤ 1.5× tmux and ≥ 28 frames/s; 500 KB/s per pane ≤ 1.5× tmux.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import { ensureData } from './lib/data.mjs';
import { now, sleep, median, medianRatio } from './lib/stats.mjs';
import { cpuMs } from './lib/proc.mjs';
import { counter } from './lib/text.mjs';
import { Tmux } from './lib/tmux.mjs';
import { Daemon, probePaseo, createCommandAgent } from './lib/paseo.mjs';
import { SYNC_BEGIN, tuiUnavailable, tuiSizeFor, spawnTui } from './lib/tui.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = !!process.env.PASEO_BENCH_QUICK;
const ROUNDS = Number(process.env.PASEO_BENCH_ROUNDS || 2);
const WINDOW_MS = quick ? 5000 : 8000, WARM_MS = 2500;
const RATES = [20_000, 500_000];
const PC = 100, PR = 30;
const env = { ...process.env, TERM: 'xterm-256color' };
delete env.CI;

function pacerCmd(rate, seed, file, stats) {
  return `exec '${process.execPath}' '${path.join(here, 'lib', 'pacer.mjs')}' ${rate} ${seed} '${file}' '${stats}'`;
}
function readRates(files) {
  return files.map((f) => { try { return JSON.parse(fs.readFileSync(f, 'utf8')).rate; } catch { return NaN; } });
}

async function window(pids, out) {
  await sleep(WARM_MS);
  const c0 = pids.map(cpuMs), t0 = now();
  out.frames.reset(); out.bytes = 0;
  await sleep(WINDOW_MS);
  const secs = (now() - t0) / 1000;
  const each = pids.map((p, i) => ((cpuMs(p) - c0[i]) / (secs * 1000)) * 100);
  return { cpuPct: each.reduce((a, x) => a + x, 0), cpuEach: each, fps: out.frames.count / secs, outKBps: out.bytes / secs / 1024 };
}

async function runTmux(rate, data, tmp) {
  const tm = new Tmux('cpu');
  const stats = [0, 1, 2, 3].map((i) => path.join(tmp, `tmux-${rate}-${i}.json`));
  try {
    tm.run('new-session', '-d', '-s', 'c', '-x', String(2 * PC + 1), '-y', String(2 * PR + 1), pacerCmd(rate, 0, data.buildlog, stats[0]));
    tm.run('set', '-g', 'status', 'off');
    tm.run('split-window', '-d', '-h', '-t', 'c:0.0', pacerCmd(rate, 1, data.buildlog, stats[1]));
    tm.run('split-window', '-d', '-v', '-t', 'c:0.1', pacerCmd(rate, 2, data.buildlog, stats[2]));
    tm.run('split-window', '-d', '-v', '-t', 'c:0.0', pacerCmd(rate, 3, data.buildlog, stats[3]));
    const spid = tm.serverPid();
    const c = pty.spawn('tmux', ['-L', tm.name, 'attach', '-t', 'c'], { cols: 2 * PC + 1, rows: 2 * PR + 1, env });
    const out = { frames: counter(SYNC_BEGIN), bytes: 0 };
    c.onData((d) => { out.bytes += d.length; out.frames.feed(d); });
    const r = await window([spid, c.pid], out);
    // pacers (the pane processes, started with exec) write their delivered rate on SIGTERM
    for (const pid of tm.run('list-panes', '-s', '-t', 'c', '-F', '#{pane_pid}').split('\n').map(Number)) { try { process.kill(pid, 'SIGTERM'); } catch {} }
    await sleep(300);
    c.kill();
    return { ...r, rates: readRates(stats) };
  } finally { tm.kill(); }
}

async function runPaseo(rate, data, tmp) {
  const d = await Daemon.start('cpu');
  const stats = [0, 1, 2, 3].map((i) => path.join(tmp, `paseo-${rate}-${i}.json`));
  try {
    const ctl = await d.connect('ctl');
    const agents = [];
    for (let i = 0; i < 4; i++) agents.push(await createCommandAgent(ctl, pacerCmd(rate, i, data.buildlog, stats[i]), { cols: PC, rows: PR, title: `pace${i}` }));
    const size = tuiSizeFor(PC, PR, 2, 2);
    const t = spawnTui(d, size);
    const out = { frames: counter(SYNC_BEGIN), bytes: 0 };
    t.onData((x) => { out.bytes += x.length; out.frames.feed(x); });
    const r = await window([d.pid, t.pid], out);
    t.kill();
    for (const a of agents) await ctl.request('agent.stop', { agentId: a.id }).catch(() => {});
    await sleep(300);
    ctl.close();
    return { ...r, rates: readRates(stats) };
  } finally { await d.stop(); }
}

runMain('tui-cpu', async () => {
  const data = ensureData(quick ? 20 : 50);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-cpu-'));
  const reason = (await probePaseo()) || tuiUnavailable();
  const res = {};
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const rate of RATES) {
        const order = r % 2 ? ['paseo', 'tmux'] : ['tmux', 'paseo'];
        for (const side of order) {
          if (side === 'paseo' && reason) continue;
          const o = side === 'tmux' ? await runTmux(rate, data, tmp) : await runPaseo(rate, data, tmp);
          (res[`${side} ${rate}`] ||= []).push(o);
          process.stderr.write(`  round ${r} ${side} ${rate / 1000} KB/s: CPU ${o.cpuPct.toFixed(1)} %, ${o.fps.toFixed(1)} fps, out ${o.outKBps.toFixed(0)} KB/s, pacers ${o.rates.map((x) => Math.round(x / 1000)).join('/')} KB/s\n`);
        }
      }
    }
  } finally { fs.rmSync(tmp, { recursive: true, force: true }); }
  const rows = [];
  for (const rate of RATES) {
    const t = res[`tmux ${rate}`], tc = t.map((o) => o.cpuPct);
    const metric = `CPU, 4 panes × ${rate / 1000} KB/s`;
    if (reason) { rows.push({ ...skipRow(metric, `paseo: ${reason}`, '≤ 1.5× tmux'), ref: median(tc), refLabel: 'tmux server+client', unit: '%' }); continue; }
    const p = res[`paseo ${rate}`], pc = p.map((o) => o.cpuPct);
    const { ratio, ratios } = medianRatio(pc, tc);
    const pr = p.flatMap((o) => o.rates), trr = t.flatMap((o) => o.rates);
    rows.push(row({ metric, paseo: median(pc), ref: median(tc), refLabel: 'tmux server+client', ratio, unit: '%', target: '≤ 1.5× tmux', op: '<=', limit: 1.5,
      detail: `daemon ${median(p.map((o) => o.cpuEach[0])).toFixed(1)} % + TUI ${median(p.map((o) => o.cpuEach[1])).toFixed(1)} %; tmux server ${median(t.map((o) => o.cpuEach[0])).toFixed(1)} % + client ${median(t.map((o) => o.cpuEach[1])).toFixed(1)} %; ratios ${ratios.map((x) => x.toFixed(2)).join(' ')}; out ${Math.round(median(p.map((o) => o.outKBps)))} vs ${Math.round(median(t.map((o) => o.outKBps)))} KB/s; pacers delivered ${Math.round(median(pr) / 1000)} / ${Math.round(median(trr) / 1000)} KB/s` }));
    const fps = median(p.map((o) => o.fps));
    if (rate === 20_000) rows.push(row({ metric: `TUI frames/s, 4 panes × ${rate / 1000} KB/s`, paseo: fps, unit: 'fps', target: '≥ 28 fps', op: '>=', limit: 28, gateValue: fps, detail: 'ESC[?2026h per second in the TUI output' }));
    else rows.push(row({ metric: `TUI frames/s, 4 panes × ${rate / 1000} KB/s (info)`, paseo: fps, unit: 'fps' }));
  }
  return { name: 'tui-cpu', note: `4 panes ${PC}x${PR}, ${WINDOW_MS / 1000} s window after ${WARM_MS / 1000} s, ${ROUNDS} rounds`, rows, raw: res };
});
