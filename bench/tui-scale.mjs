// The TUI's part of the 100-agent scale run (issue 14), measured where scale.mjs cannot: one daemon with N agents
// (agent 0 `cat`, typed into; agents 1…N−1 each `cat` a fifo this process feeds), one TUI attached to agent 0 showing
// PANES tiled panes (agents 0…PANES−1; config tui.maxPanes) plus the sidebar listing all N, one more raw client
// subscribed to agent 0. PANES=4 is the scenario; PANES=0 leaves the TUI uncapped: at 194×53 it tiles 64
// panes (what scale.mjs's TUI shows).
//   - Hidden agents get what scale.mjs gives every agent: a status redraw every 100 ms and ~3 KB/s of the recorded CLI
//     streams. The three visible streaming agents redraw VISIBLE_HZ times a second (default 40, phases staggered), so
//     the TUI always has a changed pane to draw: its frame rate is what it can draw, not what there was to draw
//     (in scale.mjs every pane changes at 10 Hz, together).
//   - Keystroke echo in agent 0's pane, split in two: the raw subscriber sees the echo leave the daemon (key → TUI →
//     daemon → `cat` → daemon → client), the outer pty sees it drawn; the difference per key is the TUI's own part
//     (its socket read, mirror parse, frame and write), measured in the same run on the same machine.
// Rows: echo p50/p99 (whole, daemon path, TUI part), frames/s with the longest gap, TUI CPU % and output KB/s.
// Knobs: PASEO_BENCH_SCALE_AGENTS (100), PASEO_BENCH_QUICK, PASEO_BENCH_TUI_SCALE_HZ (visible redraws/s, 40),
// PASEO_BENCH_TUI_SCALE_PANES (4; 0: as many as fit),
// PASEO_BENCH_TUI_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to profile the TUI), PASEO_BENCH_KEEP_LOGS (a
// directory: the daemon's and the TUI's logs are copied there).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sleep, now, quantile } from './lib/stats.mjs';
import { openWriters } from './lib/fifo.mjs';
import { cpuMs } from './lib/proc.mjs';
import { stripAnsi } from './lib/text.mjs';
import { Daemon, probePaseo, createCommandAgent } from './lib/paseo.mjs';
import { spawnTui, tuiSizeFor, tuiUnavailable, SYNC_BEGIN } from './lib/tui.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';

const quick = !!process.env.PASEO_BENCH_QUICK;
const N = Number(process.env.PASEO_BENCH_SCALE_AGENTS || 100);
const VISIBLE_HZ = Number(process.env.PASEO_BENCH_TUI_SCALE_HZ || 40);
const PANES = Number(process.env.PASEO_BENCH_TUI_SCALE_PANES ?? 4);
const VISIBLE = 3; // agents 1…3 share the screen with agent 0 (tiled, oldest first): the ones redrawn VISIBLE_HZ×/s
const WARM_MS = 5000; // the TUI has loaded Ink and parsed its four snapshots by then, even on a loaded machine
const WINDOW_MS = quick ? 10_000 : 20_000;
const HIDDEN_SPIN_MS = 100;
const TEXT_BYTES_PER_S = 3000;
// Characters absent from the recorded streams and the TUI's chrome (as scale.mjs).
const ECHO_KEYS = 'QVXY{}';

const corpus = Buffer.concat(['claude', 'codex', 'gemini', 'opencode', 'aider']
  .map((n) => new URL(`../test/fixtures/agents/${n}/busy.bytes`, import.meta.url))
  .filter((u) => fs.existsSync(u))
  .map((u) => fs.readFileSync(u)));

const spin = ['·', '✢', '✳', '✶', '✻', '✽'];
const statusLine = (i) => `\x1b[?2026h\x1b[22;1H\x1b[2K\x1b[38;5;174m${spin[i % spin.length]} Working…\x1b[39m \x1b[2m(${i * 7} tokens · esc to interrupt)\x1b[22m\x1b[24;1H\x1b[?2026l`;

/** fds[0..VISIBLE) are the visible agents' streams. Returns stop(). */
function startFeeder(fds) {
  let i = 0, dropped = 0;
  const write = (fd, data) => { try { fs.writeSync(fd, data); } catch { dropped++; } };
  const offsets = fds.map((_, k) => (k * 7919) % corpus.length);
  const hidden = setInterval(() => { i++; for (const fd of fds.slice(VISIBLE)) write(fd, statusLine(i)); }, HIDDEN_SPIN_MS);
  const visible = fds.slice(0, VISIBLE).map((fd, k) => {
    let j = 0;
    const start = setTimeout(() => { visible[k] = setInterval(() => write(fd, statusLine(++j)), 1000 / VISIBLE_HZ); }, (k * 1000) / VISIBLE_HZ / VISIBLE);
    return start;
  });
  const text = setInterval(() => {
    fds.forEach((fd, k) => {
      const o = offsets[k], end = Math.min(corpus.length, o + TEXT_BYTES_PER_S);
      write(fd, corpus.subarray(o, end));
      offsets[k] = end >= corpus.length ? 0 : end;
    });
  }, 1000);
  return () => { clearInterval(hidden); clearInterval(text); for (const t of visible) { clearTimeout(t); clearInterval(t); } return dropped; };
}


/** Types keys into the TUI until `until`; per key: drawn (outer pty) and left the daemon (subscriber) times. */
async function typeKeys(tui, sub, agentId, until) {
  const keys = [];
  let want = null, tuiAcc = '', tuiAt = NaN, subAt = NaN, wake = () => {};
  const offTui = tui.onData((d) => {
    if (!want || !Number.isNaN(tuiAt)) return;
    tuiAcc += d;
    if (stripAnsi(tuiAcc).includes(want)) { tuiAt = now(); wake(); }
  });
  const offSub = sub.on((m) => {
    if (!want || !Number.isNaN(subAt) || m.type !== 'output' || m.agentId !== agentId) return;
    if (m.data.includes(want)) { subAt = now(); wake(); }
  });
  let timeouts = 0;
  for (let i = 0; now() < until; i++) {
    want = ECHO_KEYS[i % ECHO_KEYS.length];
    tuiAcc = ''; tuiAt = NaN; subAt = NaN;
    const both = new Promise((r) => (wake = () => { if (!Number.isNaN(tuiAt) && !Number.isNaN(subAt)) r(); }));
    const t0 = now();
    tui.write(want);
    const ok = await Promise.race([both.then(() => true), sleep(2000).then(() => false)]);
    want = null;
    if (ok) keys.push({ tui: tuiAt - t0, daemon: subAt - t0 });
    else timeouts++;
    await sleep(20 + Math.random() * 20);
    tui.write('\x7f');
    await sleep(40 + Math.random() * 40);
  }
  offTui.dispose(); offSub();
  return { keys, timeouts };
}

runMain('tui-scale', async () => {
  const load = os.loadavg()[0];
  const why = (await probePaseo()) || tuiUnavailable();
  if (why) return { name: 'tui-scale', rows: [skipRow('TUI with 100 agents', why)] };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-tui-scale-'));
  const fifos = Array.from({ length: N - 1 }, (_, j) => { const f = path.join(dir, `s${j + 1}.fifo`); spawnSync('mkfifo', [f]); return f; });
  const d = await Daemon.start('tui-scale');
  let tui, stop;
  try {
    const ctl = await d.connect('ctl');
    const ids = [(await createCommandAgent(ctl, 'exec cat', { cols: 80, rows: 24, title: 'echo' })).id];
    for (const [j, f] of fifos.entries()) ids.push((await createCommandAgent(ctl, `exec cat '${f}'`, { cols: 80, rows: 24, title: `s${j + 1}` })).id);
    // Over the unix socket, as the TUI: the daemon treats both the same way.
    const sub = await d.connectUnix('sub');
    await sub.subscribe(ids[0], 0);
    if (PANES > 0) {
      const file = path.join(d.home, 'config.json');
      const config = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
      fs.writeFileSync(file, JSON.stringify({ ...config, tui: { ...config.tui, maxPanes: PANES } }));
    }
    tui = spawnTui(d, { ...tuiSizeFor(80, 24, 2, 2), agentId: ids[0] });
    let measuring = false, frames = 0, bytes = 0, lastFrame = NaN;
    const gaps = [];
    let worstGap = { ms: 0, at: NaN };
    tui.onData((s) => {
      if (!measuring) return;
      bytes += s.length;
      const n = s.split(SYNC_BEGIN).length - 1;
      if (n) { const t = now(); if (!Number.isNaN(lastFrame)) { gaps.push(t - lastFrame); if (t - lastFrame > worstGap.ms) worstGap = { ms: t - lastFrame, at: t }; } lastFrame = t; frames += n; }
    });
    const fds = await openWriters(fifos);
    stop = startFeeder(fds);
    await sleep(WARM_MS);
    measuring = true;
    const c0 = cpuMs(tui.pid), t0 = now();
    const typed = await typeKeys(tui, sub, ids[0], t0 + WINDOW_MS);
    const elapsed = now() - t0;
    measuring = false;
    const cpuPct = ((cpuMs(tui.pid) - c0) / elapsed) * 100;
    const dropped = stop();
    stop = undefined;
    for (const fd of fds) fs.closeSync(fd);
    sub.close(); ctl.close();
    const whole = typed.keys.map((k) => k.tui), daemon = typed.keys.map((k) => k.daemon), part = typed.keys.map((k) => k.tui - k.daemon);
    const ms = (a, q) => quantile(a, q);
    const rows = [
      row({ metric: `keystroke echo in a visible pane while ${N - 1} stream, p99`, paseo: ms(whole, 0.99), ref: ms(daemon, 0.99), refLabel: 'the echo leaving the daemon (raw subscriber)', unit: 'ms', op: '<=', limit: 50, gateValue: typed.timeouts ? NaN : ms(whole, 0.99), target: '≤ 50 ms',
        detail: `p50 ${ms(whole, 0.5).toFixed(1)} ms (daemon path ${ms(daemon, 0.5).toFixed(1)} ms); keys ${typed.keys.length}, timeouts (2 s) ${typed.timeouts}` }),
      row({ metric: 'the TUI\'s part of an echo (drawn − left the daemon), p99', paseo: ms(part, 0.99), unit: 'ms', detail: `p50 ${ms(part, 0.5).toFixed(1)} ms, max ${Math.max(...part).toFixed(1)} ms` }),
      row({ metric: `TUI frame rate, visible panes redrawn ${VISIBLE_HZ}×/s each`, paseo: (frames / elapsed) * 1000, unit: 'fps', op: '>=', limit: 25, gateValue: (frames / elapsed) * 1000, target: '≥ 25 fps',
        detail: `frames counted by ESC[?2026h; gap between frames p99 ${ms(gaps, 0.99).toFixed(0)} ms, max ${Math.max(...gaps).toFixed(0)} ms (ending ${((worstGap.at - t0) / 1000).toFixed(1)} s into the window)` }),
      row({ metric: 'slowest keys: drawn / left the daemon', paseo: null, unit: 'ms', detail: [...typed.keys].sort((a, b) => b.tui - a.tui).slice(0, 5).map((k) => `${k.tui.toFixed(0)}/${k.daemon.toFixed(0)}`).join(' ') }),
      row({ metric: 'TUI CPU', paseo: cpuPct, unit: '%', detail: `output ${(bytes / elapsed).toFixed(1)} KB/s to the terminal; feeder drops (pipe full) ${dropped}` }),
    ];
    return { name: 'tui-scale', note: `${N} agents 80×24, TUI ${tuiSizeFor(80, 24, 2, 2).cols}×${tuiSizeFor(80, 24, 2, 2).rows} attached to agent 0 (${PANES > 0 ? PANES : 'as many as fit:'} panes + sidebar), ${WINDOW_MS / 1000} s window; load average ${load.toFixed(1)} on ${os.cpus().length} cores at the start`, rows };
  } finally {
    stop?.();
    try { tui?.kill(); } catch {}
    const keep = process.env.PASEO_BENCH_KEEP_LOGS;
    if (keep) for (const f of fs.readdirSync(d.home).filter((f) => f.endsWith('.log'))) fs.cpSync(path.join(d.home, f), path.join(keep, f));
    await d.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
