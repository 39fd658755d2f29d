// Snapshots and reattach, side by side with `tmux attach`:
//  - size of the snapshot of an idle 80×24 shell (≤ 2 KB);
//  - connect + snapshot of the screen, parsed into a fresh headless terminal (≤ 1.0× tmux attach, which is
//    timed from spawning `tmux attach` in a pty until its redraw's last byte);
//  - the same with 1 000 lines of history (≤ 2× tmux attach);
//  - the daemon's event loop while snapshotting a 10 000-line agent: a separate probe process sends
//    `daemon.health` every 5 ms; the worst round trip during snapshot requests must stay ≤ 16 ms.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import xh from '@xterm/headless';
import { ensureData } from './lib/data.mjs';
import { now, sleep, median, quantile, medianRatio, waitFor, max } from './lib/stats.mjs';
import { markerWatcher } from './lib/text.mjs';
import { Tmux } from './lib/tmux.mjs';
import { Daemon, Client, probePaseo, createCommandAgent, createShellAgent } from './lib/paseo.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = !!process.env.PASEO_BENCH_QUICK;
const ROUNDS = Number(process.env.PASEO_BENCH_ROUNDS || (quick ? 5 : 10));
// Rounds run first and discarded, for tmux and paseo alike: the bench process's own xterm.js (the stand-in client)
// starts cold and its first parses took 20–57 ms against 5–14 ms warm; a real TUI's mirror is always warm.
const WARMUP = Number(process.env.PASEO_BENCH_WARMUP ?? 2);
const env = { ...process.env, TERM: 'xterm-256color' };
const epoch = () => performance.timeOrigin + performance.now();

async function tmuxAttach(tm, session, marker, cols, rows) {
  const t0 = now();
  let tMark = 0, tLast = 0, bytes = 0;
  const w = markerWatcher(marker, () => (tMark = now() - t0));
  const c = pty.spawn('tmux', ['-L', tm.name, 'attach', '-t', session], { cols, rows, env });
  c.onData((d) => { bytes += Buffer.byteLength(d); tLast = now() - t0; w(d); if (process.env.DEBUG_ATTACH) process.stderr.write(`${tLast.toFixed(1)} ${d.length} ${JSON.stringify(d.slice(0, 50))}\n`); });
  await waitFor(() => tMark > 0, 5000, 1, 'tmux attach marker');
  await waitFor(() => now() - t0 - tLast > 150, 5000, 10); // quiescent: redraw finished
  const ms = tLast, b = bytes; // before kill: the detach itself prints
  c.kill();
  await sleep(100);
  return { ms, bytes: b };
}

/** New connection → hello → subscribe → snapshot parsed into a fresh Terminal of the same size. */
async function paseoReattach(d, agentId, sb, cols, rows) {
  const t0 = now();
  const c = await Client.connect(d.url, d.token, 'reattach');
  const snap = await c.subscribe(agentId, sb);
  const t = new xh.Terminal({ cols: snap.cols, rows: snap.rows, scrollback: Math.max(sb, 1), allowProposedApi: true });
  await new Promise((r) => t.write(snap.data, r));
  const ms = now() - t0;
  c.close(); t.dispose();
  return { ms, bytes: Buffer.byteLength(snap.data), cols: snap.cols, rows: snap.rows };
}

runMain('snapshot', async () => {
  const data = ensureData(quick ? 20 : 50);
  const MARK = `ZQ${process.pid}ENDZQ`;
  const fillScript = `cat '${data.fill12k}'; printf '%s' ZQ${process.pid}'END'ZQ; exec sleep 1000000`;
  const tm = new Tmux('snap');
  const rows = [];
  const unavailable = await probePaseo();
  let d;
  try {
    tm.run('new-session', '-d', '-s', 's80', '-x', '80', '-y', '24', fillScript);
    tm.run('set', '-g', 'status', 'off');
    const tmuxMs = [], sb0 = [], sb1000 = [], bytes0 = [], bytes1000 = [];
    let agent, shell;
    if (!unavailable) {
      d = await Daemon.start('snap');
      const ctl = await d.connect('ctl');
      agent = await createCommandAgent(ctl, fillScript, { cols: 80, rows: 24 });
      let done = false;
      const w = markerWatcher(MARK, () => (done = true));
      ctl.on((m) => { if (m.agentId === agent.id && (m.type === 'output' || m.type === 'snapshot')) w(m.data); });
      await ctl.subscribe(agent.id, 0);
      await waitFor(() => done, 30000, 10, 'fill agent output');
      await ctl.request('terminal.unsubscribe', { agentId: agent.id });
      shell = await createShellAgent(ctl, { cols: 80, rows: 24 });
      ctl.close();
    } else {
      await sleep(1500);
    }
    await sleep(500);
    for (let r = -WARMUP; r < ROUNDS; r++) {
      const keep = r >= 0;
      const a = await tmuxAttach(tm, 's80', MARK, 80, 24);
      if (keep) tmuxMs.push(a.ms);
      if (!unavailable) {
        const p0 = await paseoReattach(d, agent.id, 0, 80, 24);
        const p1 = await paseoReattach(d, agent.id, 1000, 80, 24);
        if (keep) { sb0.push(p0.ms); bytes0.push(p0.bytes); sb1000.push(p1.ms); bytes1000.push(p1.bytes); }
      }
    }
    if (unavailable) {
      rows.push(skipRow('idle 80x24 shell snapshot bytes', `paseo: ${unavailable}`, '≤ 2048 B'));
      rows.push({ ...skipRow('connect + snapshot (screen)', `paseo: ${unavailable}`, '≤ 1.0× tmux attach'), ref: median(tmuxMs), unit: 'ms' });
      rows.push({ ...skipRow('connect + snapshot (1000 lines)', `paseo: ${unavailable}`, '≤ 2× tmux attach'), ref: median(tmuxMs), unit: 'ms' });
      rows.push(skipRow('daemon event-loop lag while snapshotting 10k lines', `paseo: ${unavailable}`, 'max ≤ 16 ms'));
      return { name: 'snapshot', note: `80x24, ${ROUNDS} rounds`, rows };
    }
    // idle shell snapshot size (default subscribe, as a TUI would)
    const c = await d.connect('idle');
    await sleep(1000); // the shell has drawn its prompt
    const snap = await c.subscribe(shell.id);
    c.close();
    const idleBytes = Buffer.byteLength(snap.data);
    rows.push(row({ metric: 'idle 80x24 shell snapshot bytes', paseo: idleBytes, unit: 'B', target: '≤ 2048 B', op: '<=', limit: 2048, gateValue: idleBytes, detail: `${snap.cols}x${snap.rows}` }));
    const r0 = medianRatio(sb0, tmuxMs), r1 = medianRatio(sb1000, tmuxMs);
    rows.push(row({ metric: 'connect + snapshot (screen) ms', paseo: median(sb0), ref: median(tmuxMs), refLabel: 'tmux attach', ratio: r0.ratio, unit: 'ms', target: '≤ 1.0× tmux attach', op: '<=', limit: 1.0,
      detail: `snapshot ${Math.round(median(bytes0))} B; p90 ${quantile(sb0, 0.9).toFixed(1)} ms` }));
    rows.push(row({ metric: 'connect + snapshot (1000 lines) ms', paseo: median(sb1000), ref: median(tmuxMs), refLabel: 'tmux attach', ratio: r1.ratio, unit: 'ms', target: '≤ 2× tmux attach', op: '<=', limit: 2.0,
      detail: `snapshot ${Math.round(median(bytes1000) / 1024)} KB; p90 ${quantile(sb1000, 0.9).toFixed(1)} ms` }));

    // event-loop lag probe
    const probe = spawn(process.execPath, [path.join(here, 'lib', 'lag-probe.mjs'), d.url, d.token, '5'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    probe.stdout.on('data', (x) => (out += x));
    await waitFor(() => out.startsWith('ready'), 10000, 10, 'lag probe');
    const base0 = epoch(); await sleep(1500); const base1 = epoch();
    const snapper = await d.connect('snapper');
    const snapWin = [epoch()];
    const snapMs = [], snapBytes = [];
    for (let i = 0; i < (quick ? 5 : 10); i++) {
      const t0 = now();
      const s = await snapper.subscribe(agent.id, 10000);
      snapMs.push(now() - t0); snapBytes.push(Buffer.byteLength(s.data));
      await snapper.request('terminal.unsubscribe', { agentId: agent.id });
      await sleep(50);
    }
    snapWin.push(epoch());
    const logWin = [epoch()];
    const logMs = [];
    for (let i = 0; i < 3; i++) { const t0 = now(); await snapper.request('agent.logs', { agentId: agent.id, ansi: true }); logMs.push(now() - t0); await sleep(50); }
    logWin.push(epoch());
    snapper.close();
    await sleep(100);
    probe.stdin.end();
    await new Promise((r) => probe.on('exit', r));
    const samples = JSON.parse(out.split('\n').filter(Boolean).pop());
    const inWin = (w) => samples.filter(([t, rtt]) => t + rtt >= w[0] && t <= w[1]).map(([, rtt]) => rtt);
    const base = inWin([base0, base1]), during = inWin(snapWin), duringLogs = inWin(logWin);
    rows.push(row({ metric: 'event-loop lag, subscribe sb=10000 (max health RTT)', paseo: max(during), ref: max(base), refLabel: 'idle baseline max', unit: 'ms', target: 'max ≤ 16 ms', op: '<=', limit: 16, gateValue: max(during),
      detail: `${during.length} probes, p99 ${quantile(during, 0.99).toFixed(1)} ms; snapshot ${Math.round(median(snapBytes) / 1024)} KB in ${median(snapMs).toFixed(0)} ms` }));
    rows.push(row({ metric: 'event-loop lag, agent.logs 10k lines ansi (info)', paseo: max(duringLogs), ref: max(base), refLabel: 'idle baseline max', unit: 'ms',
      detail: `${duringLogs.length} probes; logs request ${median(logMs).toFixed(0)} ms` }));
    return { name: 'snapshot', note: `80x24, ${ROUNDS} rounds after ${WARMUP} discarded warm-up rounds, per-round ratios to tmux attach`, rows, raw: { tmuxMs, sb0, sb1000, bytes0, bytes1000 } };
  } finally {
    tm.kill();
    if (d) await d.stop();
  }
});
