// Startup to first frame, in an 80x24 pty. A frame is complete when the TUI has written its first
// synchronized-output block (ESC[?2026h … ESC[?2026l); for tmux, when its status line shows the session.
//   warm: `paseo` attaching to a running daemon (one agent)            — ≤ 150 ms
//   cold: `paseo` with no daemon: it starts one, then draws            — ≤ 500 ms
// tmux new-session (server running / cold) is shown beside for reference; the gates are absolute.
import fs from 'node:fs';
import path from 'node:path';
import pty from 'node-pty';
import { now, sleep, median, quantile } from './lib/stats.mjs';
import { stripAnsi } from './lib/text.mjs';
import { isAlive, processTree, killGroup } from './lib/proc.mjs';
import { Tmux } from './lib/tmux.mjs';
import { Daemon, probePaseo, createCommandAgent, freePort, tempHome, CLI } from './lib/paseo.mjs';
import { SYNC_BEGIN, SYNC_END, tuiUnavailable, spawnTui } from './lib/tui.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';

const quick = !!process.env.PASEO_BENCH_QUICK;
const ROUNDS = Number(process.env.PASEO_BENCH_ROUNDS || (quick ? 4 : 8));
const env = { ...process.env, TERM: 'xterm-256color' };
delete env.CI;

/** Spawns via `start()` (returns a pty), resolves with ms until `done(acc)` is true (NaN after 5 s). */
async function firstFrame(start, done) {
  const t0 = now();
  const p = start();
  let acc = '', t = NaN;
  await new Promise((res) => {
    const to = setTimeout(res, 5000);
    p.onData((d) => { acc += d; if (Number.isNaN(t) && done(acc)) { t = now() - t0; clearTimeout(to); res(); } });
  });
  p.kill();
  await sleep(150);
  return t;
}
const tuiFrame = (acc) => { const i = acc.indexOf(SYNC_BEGIN); return i >= 0 && acc.indexOf(SYNC_END, i) > i; };

runMain('startup', async () => {
  const reason = (await probePaseo()) || tuiUnavailable();
  const res = { tmuxWarm: [], tmuxCold: [], warm: [], cold: [], node: [], version: [] };
  const warmT = new Tmux('stw');
  warmT.run('new-session', '-d', '-s', 'keep', 'exec sleep 1000000');
  let d;
  try {
    if (!reason) {
      d = await Daemon.start('startup');
      const c = await d.connect('ctl');
      await createCommandAgent(c, 'echo ready; exec cat', { cols: 80, rows: 24 });
      c.close();
    }
    for (let i = 0; i < ROUNDS; i++) {
      res.tmuxWarm.push(await firstFrame(() => pty.spawn('tmux', warmT.args('new-session', '-s', `w${i}`, 'exec sleep 1000000'), { cols: 80, rows: 24, env }),
        (a) => stripAnsi(a).includes(`[w${i}]`)));
      try { warmT.run('kill-session', '-t', `w${i}`); } catch {}
      const cold = new Tmux('stc');
      res.tmuxCold.push(await firstFrame(() => pty.spawn('tmux', cold.args('new-session', '-s', 'st', 'exec sleep 1000000'), { cols: 80, rows: 24, env }),
        (a) => stripAnsi(a).includes('[st]')));
      cold.kill();
      res.node.push(await firstFrame(() => pty.spawn(process.execPath, ['-e', 'process.stdout.write("READY");setTimeout(()=>{},2000)'], { cols: 80, rows: 24, env }), (a) => a.includes('READY')));
      if (reason) continue;
      res.version.push(await firstFrame(() => pty.spawn(process.execPath, [CLI, '--version'], { cols: 80, rows: 24, env }), (a) => /\d+\.\d+\.\d+/.test(a)));
      res.warm.push(await firstFrame(() => spawnTui(d, { cols: 80, rows: 24 }), tuiFrame));
      // cold: fresh home and port, nothing running; the TUI autostarts the daemon
      const home = tempHome('cold');
      const listen = `127.0.0.1:${await freePort()}`;
      const fake = { home, listen };
      res.cold.push(await firstFrame(() => spawnTui(fake, { cols: 80, rows: 24 }), tuiFrame));
      const pidFile = path.join(home, 'paseo.pid');
      const t0 = now();
      while (!fs.existsSync(pidFile) && now() - t0 < 3000) await sleep(20);
      if (fs.existsSync(pidFile)) {
        const cd = Daemon.attachExisting(home, listen);
        cd.ownsHome = true;
        await cd.stop();
      } else fs.rmSync(home, { recursive: true, force: true });
      process.stderr.write(`  round ${i}: warm ${res.warm.at(-1).toFixed(0)} ms, cold ${res.cold.at(-1).toFixed(0)} ms; tmux ${res.tmuxWarm.at(-1).toFixed(1)} / ${res.tmuxCold.at(-1).toFixed(1)} ms\n`);
    }
  } finally {
    warmT.kill();
    if (d) await d.stop();
  }
  const rows = [];
  const tw = median(res.tmuxWarm), tc = median(res.tmuxCold);
  if (reason) {
    rows.push({ ...skipRow('first frame, daemon running', `paseo: ${reason}`, '≤ 150 ms'), ref: tw, refLabel: 'tmux, server running', unit: 'ms' });
    rows.push({ ...skipRow('first frame, cold (daemon start)', `paseo: ${reason}`, '≤ 500 ms'), ref: tc, refLabel: 'tmux cold', unit: 'ms' });
  } else {
    const w = median(res.warm), c = median(res.cold);
    rows.push(row({ metric: 'first frame, daemon running', paseo: w, ref: tw, refLabel: 'tmux, server running', ratio: w / tw, unit: 'ms', target: '≤ 150 ms', op: '<=', limit: 150, gateValue: w,
      detail: `p90 ${quantile(res.warm, 0.9).toFixed(0)} ms; n ${res.warm.filter(Number.isFinite).length}` }));
    rows.push(row({ metric: 'first frame, cold (daemon start)', paseo: c, ref: tc, refLabel: 'tmux cold', ratio: c / tc, unit: 'ms', target: '≤ 500 ms', op: '<=', limit: 500, gateValue: c,
      detail: `p90 ${quantile(res.cold, 0.9).toFixed(0)} ms; n ${res.cold.filter(Number.isFinite).length}` }));
  }
  if (!reason) rows.push(row({ metric: '`paseo --version` (CLI modules only, info)', paseo: median(res.version), unit: 'ms', detail: 'first-frame time minus this ≈ connect + TUI modules + first render' }));
  rows.push(row({ metric: 'bare `node -e` first output (machine anchor, info)', paseo: median(res.node), unit: 'ms', detail: 'the floor any node client pays' }));
  return { name: 'startup', note: `80x24, ${ROUNDS} rounds, medians`, rows, raw: res };
});
