// Keystroke echo latency through the TUI, side by side with tmux. The benchmark is the outer terminal
// (a node-pty master): it writes one key and times until that character is visible in the escape-
// stripped output. The pane runs `cat` in cooked mode, so the echo comes from the pane's tty. After each
// key a DEL erases it (ECHOE), so no earlier key is on screen; keys are upper-case letters the TUI's
// chrome does not show. Blocks of keys alternate between configurations (rotating order).
//   1 pane : tmux 80x24 (status off) vs `paseo attach <cat>` in an 80x24 pty   — p50 ≤ 1.5× tmux
//   2x2    : typing into one of four 100x30 panes, the others static           — p50 ≤ 2× tmux, p99 ≤ 8 ms
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pty from 'node-pty';
import { sleep, quantile, median } from './lib/stats.mjs';
import { typeKeys } from './lib/type-keys.mjs';
import { Tmux } from './lib/tmux.mjs';
import { Daemon, probePaseo, createCommandAgent } from './lib/paseo.mjs';
import { tuiUnavailable, tuiSizeFor, spawnTui } from './lib/tui.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';

const quick = !!process.env.PASEO_BENCH_QUICK;
const KEYS = Number(process.env.PASEO_BENCH_KEYS || (quick ? 80 : 200));
const BLOCKS = quick ? 2 : 4;
const env = { ...process.env, TERM: 'xterm-256color' };
delete env.CI;

runMain('echo', async () => {
  const reason = (await probePaseo()) || tuiUnavailable();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-echo-'));
  const digits = path.join(tmp, 'digits.txt');
  fs.writeFileSync(digits, Array.from({ length: 28 }, (_, i) => `\x1b[3${1 + (i % 6)}m` + String(i * 7919).repeat(12).slice(0, 90) + '\x1b[0m').join('\n') + '\n');
  const digitsCmd = `cat '${digits}'; exec sleep 1000000`;
  const res = { tmux1: [], paseo1: [], tmux4: [], paseo4: [], proto1: [], protoUnix: [] };
  const timeouts = { tmux1: 0, paseo1: 0, tmux4: 0, paseo4: 0, proto1: 0, protoUnix: 0 };
  let d;
  const cat = {};
  try {
    if (!reason) {
      d = await Daemon.start('echo');
      const ctl = await d.connect('ctl');
      cat.one = (await createCommandAgent(ctl, 'exec cat', { cols: 80, rows: 24, title: 'cat1' })).id;
      // second daemon-side layout: four agents; only used by the 2x2 run (separate daemon keeps the 1-pane TUI at 1 pane)
      ctl.close();
      d.quad = await Daemon.start('echo4');
      const c4 = await d.quad.connect('ctl');
      cat.four = (await createCommandAgent(c4, 'exec cat', { cols: 100, rows: 30, title: 'cat4' })).id;
      for (let i = 0; i < 3; i++) await createCommandAgent(c4, digitsCmd, { cols: 100, rows: 30, title: `n${i}` });
      c4.close();
    }
    const modes = reason ? ['tmux1', 'tmux4'] : ['tmux1', 'paseo1', 'tmux4', 'paseo4', 'proto1', 'protoUnix'];
    for (let b = 0; b < BLOCKS; b++) {
      for (let j = 0; j < modes.length; j++) {
        const mode = modes[(j + b) % modes.length];
        const n = Math.ceil(KEYS / BLOCKS);
        if (mode === 'proto1' || mode === 'protoUnix') {
          // diagnostic: the daemon path alone — a raw protocol client sends `input`, waits for the `output` delta
          const c = mode === 'proto1' ? await d.connect('proto') : await d.connectUnix('proto');
          await c.subscribe(cat.one, 0);
          const o = { onData: (fn) => { const off = c.on((m) => { if (m.type === 'output' && m.agentId === cat.one) fn(m.data); }); return { dispose: off }; },
            write: (k) => c.input(cat.one, k) };
          timeouts[mode] += await typeKeys(o, n, res[mode], 300);
          c.close();
        } else if (mode.startsWith('tmux')) {
          const tm = new Tmux('echo');
          try {
            let o;
            if (mode === 'tmux1') {
              tm.run('new-session', '-d', '-s', 'e', '-x', '80', '-y', '24', 'cat');
              tm.run('set', '-g', 'status', 'off');
              o = pty.spawn('tmux', ['-L', tm.name, 'attach', '-t', 'e'], { cols: 80, rows: 24, env });
            } else {
              tm.run('new-session', '-d', '-s', 'e', '-x', '201', '-y', '61', 'cat');
              tm.run('set', '-g', 'status', 'off');
              tm.run('split-window', '-d', '-h', '-t', 'e:0.0', digitsCmd);
              tm.run('split-window', '-d', '-v', '-t', 'e:0.1', digitsCmd);
              tm.run('split-window', '-d', '-v', '-t', 'e:0.0', digitsCmd);
              tm.run('select-pane', '-t', 'e:0.0');
              o = pty.spawn('tmux', ['-L', tm.name, 'attach', '-t', 'e'], { cols: 201, rows: 61, env });
            }
            timeouts[mode] += await typeKeys(o, n, res[mode], 700);
            o.kill();
          } finally { tm.kill(); }
        } else {
          const size = mode === 'paseo1' ? { cols: 80, rows: 24 } : tuiSizeFor(100, 30, 2, 2);
          const o = spawnTui(mode === 'paseo1' ? d : d.quad, { ...size, agentId: mode === 'paseo1' ? cat.one : cat.four });
          timeouts[mode] += await typeKeys(o, n, res[mode], 2500);
          o.kill();
        }
        await sleep(200);
        process.stderr.write(`  block ${b} ${mode}: p50 ${median(res[mode]).toFixed(2)} ms (${res[mode].length} keys)\n`);
      }
    }
  } finally {
    if (d) { if (d.quad) await d.quad.stop(); await d.stop(); }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const s = (a) => ({ p50: quantile(a, 0.5), p90: quantile(a, 0.9), p99: quantile(a, 0.99), n: a.length });
  const rows = [];
  const t1 = s(res.tmux1), t4 = s(res.tmux4);
  if (reason) {
    rows.push({ ...skipRow('echo p50, 1 pane 80x24', `paseo: ${reason}`, '≤ 1.5× tmux'), ref: t1.p50, unit: 'ms' });
    rows.push({ ...skipRow('echo p50, one of four 100x30 panes', `paseo: ${reason}`, '≤ 2× tmux'), ref: t4.p50, unit: 'ms' });
    rows.push({ ...skipRow('echo p99, one of four 100x30 panes', `paseo: ${reason}`, '≤ 8 ms'), ref: t4.p99, unit: 'ms' });
  } else {
    const p1 = s(res.paseo1), p4 = s(res.paseo4);
    const det = (p, t, m) => `n ${p.n}/${t.n}, p90 ${p.p90.toFixed(2)} vs ${t.p90.toFixed(2)}, p99 ${p.p99.toFixed(2)} vs ${t.p99.toFixed(2)} ms; timeouts ${timeouts['paseo' + m]}/${timeouts['tmux' + m]}`;
    rows.push(row({ metric: 'echo p50, 1 pane 80x24', paseo: p1.p50, ref: t1.p50, ratio: p1.p50 / t1.p50, unit: 'ms', target: '≤ 1.5× tmux', op: '<=', limit: 1.5, detail: det(p1, t1, 1) }));
    rows.push(row({ metric: 'echo p50, one of four 100x30 panes', paseo: p4.p50, ref: t4.p50, ratio: p4.p50 / t4.p50, unit: 'ms', target: '≤ 2× tmux', op: '<=', limit: 2, detail: det(p4, t4, 4) }));
    const pr = s(res.proto1);
    rows.push(row({ metric: 'daemon path only (ws): input msg → output delta (info)', paseo: pr.p50, ref: t1.p50, ratio: pr.p50 / t1.p50, unit: 'ms',
      detail: `raw protocol client, same cat agent; p90 ${pr.p90.toFixed(2)}, p99 ${pr.p99.toFixed(2)} ms; the rest of the TUI echo is client side` }));
    const pu = s(res.protoUnix);
    rows.push(row({ metric: 'daemon path only (unix socket, as the TUI) (info)', paseo: pu.p50, ref: t1.p50, ratio: pu.p50 / t1.p50, unit: 'ms',
      detail: `raw protocol client over $PASEO_HOME/paseo.sock; p90 ${pu.p90.toFixed(2)}, p99 ${pu.p99.toFixed(2)} ms` }));
    rows.push(row({ metric: 'echo p99, one of four 100x30 panes', paseo: p4.p99, ref: t4.p99, ratio: p4.p99 / t4.p99, unit: 'ms', target: '≤ 8 ms', op: '<=', limit: 8, gateValue: p4.p99 }));
  }
  return { name: 'echo', note: `${KEYS} keys per configuration in ${BLOCKS} interleaved blocks; ratio = paseo p50 / tmux p50 over all keys`, rows, raw: res };
});
