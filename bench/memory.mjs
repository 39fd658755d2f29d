// Memory: 10 agents that each print 12 000 lines of the coloured build log at 80×24 with 10 000 lines of history
// kept (paseo's default scrollbackLines; tmux with history-limit 10000), measured in the same run: the paseo daemon's
// RSS growth per agent vs the tmux server's per window (target ≤ 2×), and the totals. Then 1 agent printing
// ~108 000 lines with scrollbackLines 100000: the daemon's growth must stay within the history store's byte bound
// (HistoryStore.MAX_BYTES) plus the live buffer, and `agent.logs` must still give all of it.
// RSS is sampled every second for SETTLE_MS after the output ended (no forced GC: the daemon runs as users run it):
// the gate is the settled (lowest) value: V8's memory reducer returns a burst's working memory after 10–20 s idle (a
// 108 000-line burst took the daemon from 95 to 225 MB, back to 92 MB 12 s later; ten agents' 12 000 lines each
// 95 → 225 → 113 MB after 18 s), and the first sample is shown beside it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep, now } from './lib/stats.mjs';
import { rssKB } from './lib/proc.mjs';
import { Tmux } from './lib/tmux.mjs';
import { ensureData } from './lib/data.mjs';
import { Daemon, probePaseo, createCommandAgent, dist } from './lib/paseo.mjs';
import { markerWatcher } from './lib/text.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';

const quick = !!process.env.PASEO_BENCH_QUICK;
const N = Number(process.env.PASEO_BENCH_MEMORY_AGENTS || 10);
const SETTLE_MS = quick ? 30_000 : 45_000;
const DEEP_REPEATS = 9; // × 12 000 lines

const MB = (kb) => kb / 1024;

async function waitFor(cond, ms, what) {
  const t0 = now();
  while (!cond()) {
    if (now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** tmux: N windows each running `script`, history-limit 10000; RSS of the server before and after. */
async function tmuxRun(script, marker) {
  const tm = new Tmux('mem', 'set -g history-limit 10000\nset -g status off\n');
  try {
    tm.run('new-session', '-d', '-s', 'm', '-x', '80', '-y', '24', 'exec sleep 1000000');
    await sleep(500);
    const pid = tm.serverPid();
    const base = rssKB(pid);
    for (let i = 0; i < N; i++) tm.run('new-window', '-d', '-t', 'm', script);
    // Each window shows the marker once its `cat` is done.
    await waitFor(() => {
      for (let i = 1; i <= N; i++) if (!tm.run('capture-pane', '-p', '-t', `m:${i}`).includes(marker)) return false;
      return true;
    }, 180_000, 'tmux windows');
    const s = await settle(pid);
    return { base, ...s };
  } finally { tm.kill(); }
}

async function paseoRun(script, marker, count, config) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-mem-'));
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(config));
  const d = await Daemon.start('mem', { home });
  try {
    const c = await d.connect('ctl');
    await sleep(1000);
    const base = rssKB(d.pid);
    let done = 0;
    const agents = [];
    for (let i = 0; i < count; i++) {
      const a = await createCommandAgent(c, script, { cols: 80, rows: 24, title: `mem-${i}` });
      agents.push(a);
      const w = markerWatcher(marker, () => done++);
      c.on((m) => { if (m.agentId === a.id && (m.type === 'output' || m.type === 'snapshot')) w(m.data); });
      await c.subscribe(a.id, 0);
    }
    await waitFor(() => done === count, 300_000, 'paseo agents');
    // Unsubscribed: what is measured is the agents' screens and histories, not a client's queue.
    for (const a of agents) await c.request('terminal.unsubscribe', { agentId: a.id }).catch(() => {});
    const s = await settle(d.pid);
    return { base, ...s, c, agents, d };
  } catch (e) {
    await d.stop();
    fs.rmSync(home, { recursive: true, force: true });
    throw e;
  }
}

/** RSS (KB) right after the output, and the lowest sample within SETTLE_MS (once the memory reducer ran). */
async function settle(pid) {
  const first = rssKB(pid);
  let low = first;
  const t0 = now();
  while (now() - t0 < SETTLE_MS) {
    await sleep(1000);
    low = Math.min(low, rssKB(pid));
  }
  return { first, after: low };
}

function storeMaxBytes() {
  try {
    const src = fs.readFileSync(dist('src/core/constants.js'), 'utf8');
    const m = /MAX_BYTES:\s*([\d\s*_]+),/.exec(src.slice(src.indexOf('HistoryStore')));
    // eslint-disable-next-line no-new-func
    return m ? Function(`return ${m[1].replace(/_/g, '')}`)() : NaN;
  } catch { return NaN; }
}

runMain('memory', async () => {
  const data = ensureData(quick ? 20 : 50);
  const marker = `ZQ${process.pid}MEMZQ`;
  const script = `cat '${data.fill12k}'; printf '%s' ZQ${process.pid}'MEM'ZQ; exec sleep 1000000`;
  const rows = [];
  const unavailable = await probePaseo();
  const load = os.loadavg()[0];

  const t = await tmuxRun(script, marker);
  const tmuxPer = MB(t.after - t.base) / N;
  if (unavailable) {
    rows.push({ ...skipRow(`RSS per agent, ${N} × 12 000 build-log lines`, `paseo: ${unavailable}`, '≤ 2× tmux'), ref: tmuxPer, unit: 'MB' });
    return { name: 'memory', rows };
  }
  const p = await paseoRun(script, marker, N, { scrollbackLines: 10_000 });
  let lines;
  try {
    const logs = await p.c.request('agent.logs', { agentId: p.agents[0].id }, 60_000);
    lines = String(logs.text ?? logs.data ?? logs).split('\n').length;
  } catch { lines = NaN; }
  p.c.close();
  const home = p.d.home;
  await p.d.stop();
  fs.rmSync(home, { recursive: true, force: true });
  const paseoPer = MB(p.after - p.base) / N;
  rows.push(row({ metric: `RSS growth per agent, ${N} × 12 000 build-log lines, 10 000 kept`, paseo: paseoPer, ref: tmuxPer, refLabel: 'tmux, history-limit 10000', unit: 'MB',
    ratio: paseoPer / tmuxPer, op: '<=', limit: 2, target: 'ratio ≤ 2',
    detail: `settled (lowest in ${SETTLE_MS / 1000} s): daemon ${Math.round(MB(p.base))} → ${Math.round(MB(p.after))} MB (${Math.round(MB(p.first))} MB right after the output); tmux server ${Math.round(MB(t.base))} → ${Math.round(MB(t.after))} MB; agent.logs gave ${lines} lines` }));
  rows.push(row({ metric: `total RSS, ${N} agents`, paseo: MB(p.after), ref: MB(t.after), refLabel: 'tmux server', unit: 'MB', ratio: p.after / t.after,
    detail: 'info: includes the daemon\'s fixed ~base (Node, server, modules)' }));

  // One agent, ~108 000 lines kept (scrollbackLines 100000).
  const maxBytes = storeMaxBytes();
  const deepScript = `for i in ${Array.from({ length: DEEP_REPEATS }, (_, i) => i + 1).join(' ')}; do cat '${data.fill12k}'; done; printf '%s' ZQ${process.pid}'MEM'ZQ; exec sleep 1000000`;
  const savedN = N;
  const deep = await paseoRun(deepScript, marker, 1, { scrollbackLines: 100_000 });
  let deepLines = NaN, logsMs = NaN;
  try {
    const t0 = now();
    const logs = await deep.c.request('agent.logs', { agentId: deep.agents[0].id }, 120_000);
    logsMs = now() - t0;
    deepLines = String(logs.text ?? logs.data ?? logs).split('\n').length;
  } catch {}
  deep.c.close();
  const deepHome = deep.d.home;
  await deep.d.stop();
  fs.rmSync(deepHome, { recursive: true, force: true });
  const growth = MB(deep.after - deep.base);
  // Allowance beyond the store's bound: the live buffer (1 000 rows + screen as xterm cells, ~1 MB) and the agent's
  // other per-agent state; 8 MB covers both with room.
  const limitMB = MB(maxBytes / 1024) + 8;
  rows.push(row({ metric: `RSS growth, 1 agent × ${DEEP_REPEATS * 12} 000 lines, 100 000 kept`, paseo: growth, unit: 'MB', op: '<=', limit: limitMB, gateValue: growth,
    target: `≤ store bound ${Math.round(MB(maxBytes / 1024))} MB + 8 MB`, detail: `settled; ${Math.round(MB(deep.first - deep.base))} MB right after the output; agent.logs gave ${deepLines} lines in ${Math.round(logsMs)} ms` }));
  return { name: 'memory', note: `${savedN} agents at 80×24; load average ${load.toFixed(1)} on ${os.cpus().length} cores at the start (shared machine)`, rows };
});
