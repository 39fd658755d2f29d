// Scale: 100 agents producing agent-like output on one daemon, side by side with tmux (100 windows, history-limit
// 10000) fed the same streams. Each stream is a fifo the agent (or window) `cat`s; one feeder (this process) writes
// every stream: a spinner/status redraw every 100 ms stamped with the time (`TS <ms>`), and ~3 KB of recorded real-CLI
// output (test/fixtures/agents/*/busy.bytes, in a loop) every second. Measured over a window after a warm-up:
// daemon CPU vs the tmux server's (a tmux client attached, as the TUI is), daemon RSS, how far one subscribed client's
// stream lags its writes (p99), `agent.list` and GET /api/health round trips (p99), the TUI's frame rate (attached,
// its sidebar and panes). Then 1 000 archived agent records: daemon start and `paseo ls --all` (the built CLI, node
// start included). Bounded: WINDOW_MS per side, every process it started stopped, fifos removed.
// Agent 0 (window 0 in tmux) is `cat` on its tty, not fed: the TUI is attached to it, so it is one of the four visible
// panes, and during the window the bench types into the TUI (tmux: into its client) and times each key's echo while
// the other N−1 stream (bench/lib/type-keys.mjs, as bench/echo.mjs). After the window, a separate process subscribes
// to every streaming agent for LAG_MS and records each stamp's receive time − write time per agent: "no agent's output
// is delayed by more than one frame interval (33 ms at 30 fps) behind its PTY" (the stamp is taken before the feeder's
// writes, so the figure also holds the fifo, `cat` and the PTY; an upper bound on the daemon's part).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import pty from 'node-pty';
import { sleep, now, quantile } from './lib/stats.mjs';
import { openWriters } from './lib/fifo.mjs';
import { cpuMs, rssKB } from './lib/proc.mjs';
import { Tmux } from './lib/tmux.mjs';
import { Daemon, probePaseo, createCommandAgent, CLI, childEnv, tempHome } from './lib/paseo.mjs';
import { typeKeys } from './lib/type-keys.mjs';
import { spawnTui, tuiSizeFor, tuiUnavailable, SYNC_BEGIN } from './lib/tui.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';

const quick = !!process.env.PASEO_BENCH_QUICK;
const N = Number(process.env.PASEO_BENCH_SCALE_AGENTS || 100);
const WARM_MS = 3000;
const WINDOW_MS = quick ? 10_000 : 20_000;
const SPIN_MS = 100;
const TEXT_BYTES_PER_S = 3000;
const ARCHIVED = 1000;
const LAG_MS = quick ? 6000 : 10_000;
const FRAME_MS = 33; // one frame interval at 30 fps
// Echo keys: characters absent from the recorded streams (checked: no & Q V X Y ^ ` { } ~ in them) and the TUI's chrome.
const ECHO_KEYS = 'QVXY{}';

const fixtures = ['claude', 'codex', 'gemini', 'opencode', 'aider']
  .map((n) => new URL(`../test/fixtures/agents/${n}/busy.bytes`, import.meta.url))
  .filter((u) => fs.existsSync(u))
  .map((u) => fs.readFileSync(u));
const corpus = Buffer.concat(fixtures);

/** Writes every stream: spinner redraws and recorded text. Returns stop(). */
function startFeeder(fds) {
  const spin = ['·', '✢', '✳', '✶', '✻', '✽'];
  let i = 0, dropped = 0;
  const offsets = fds.map((_, k) => (k * 7919) % corpus.length);
  const write = (fd, data) => { try { fs.writeSync(fd, data); } catch { dropped++; } };
  const spinner = setInterval(() => {
    i++;
    const ts = Date.now();
    for (const fd of fds) write(fd, `\x1b[?2026h\x1b[22;1H\x1b[2K\x1b[38;5;174m${spin[i % spin.length]} Working…\x1b[39m \x1b[2m(TS ${ts} · ↓ ${i * 7} tokens · esc to interrupt)\x1b[22m\x1b[24;1H\x1b[?2026l`);
  }, SPIN_MS);
  const text = setInterval(() => {
    fds.forEach((fd, k) => {
      let o = offsets[k];
      const end = Math.min(corpus.length, o + TEXT_BYTES_PER_S);
      write(fd, corpus.subarray(o, end));
      offsets[k] = end >= corpus.length ? 0 : end;
    });
  }, 1000);
  return () => { clearInterval(spinner); clearInterval(text); return dropped; };
}

/** Fifos for agents 1…N−1 (agent 0 is the echo pane). */
function makeFifos(dir) {
  return Array.from({ length: N - 1 }, (_, j) => {
    const k = j + 1;
    const f = path.join(dir, `s${k}.fifo`);
    spawnSync('mkfifo', [f]);
    return f;
  });
}

function httpGetMs(url) {
  return new Promise((resolve) => {
    const t0 = now();
    http.get(url, (res) => { res.resume(); res.on('end', () => resolve(now() - t0)); }).on('error', () => resolve(NaN));
  });
}

async function runTmuxSide(dir) {
  const fifos = makeFifos(dir);
  const tm = new Tmux('scale', 'set -g history-limit 10000\nset -g status off\n');
  let client;
  try {
    tm.run('new-session', '-d', '-s', 'sc', '-x', '80', '-y', '24', 'exec cat');
    for (const f of fifos) tm.run('new-window', '-d', '-t', 'sc', `exec cat '${f}'`);
    const spid = tm.serverPid();
    client = pty.spawn('tmux', ['-L', tm.name, 'attach', '-t', 'sc'], { cols: 200, rows: 60, env: { ...process.env, TERM: 'xterm-256color' } });
    client.onData(() => {});
    const fds = await openWriters(fifos);
    const stop = startFeeder(fds);
    await sleep(WARM_MS);
    const c0 = cpuMs(spid), t0 = now();
    const echoMs = [];
    const echoTimeouts = await typeKeys(client, Infinity, echoMs, 0, { keyset: ECHO_KEYS, until: t0 + WINDOW_MS - 2500 });
    while (now() - t0 < WINDOW_MS) await sleep(50);
    const cpuPct = ((cpuMs(spid) - c0) / (now() - t0)) * 100;
    const rss = rssKB(spid);
    const dropped = stop();
    for (const fd of fds) fs.closeSync(fd);
    return { cpuPct, rss, dropped, echoMs, echoTimeouts };
  } finally {
    try { client?.kill(); } catch {}
    tm.kill();
    for (const f of fifos) fs.rmSync(f, { force: true });
  }
}

/** Runs bench/lib/agent-lag.mjs against every agent in ids for LAG_MS (bounded: killed by its pid if it overruns). */
function measureAgentLags(d, ids) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL('./lib/agent-lag.mjs', import.meta.url).pathname, d.url, d.token, String(LAG_MS), ...ids], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, LAG_MS + 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`agent-lag exited ${code}: ${err.split('\n')[0]}`));
    });
  });
}

async function runPaseoSide(dir) {
  const fifos = makeFifos(dir);
  // The scenario's TUI shows four panes (tui.maxPanes; by default it tiles as many as fit its window).
  const home = tempHome('scale');
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ tui: { maxPanes: 4 } }), { mode: 0o600 });
  const d = await Daemon.start('scale', { home }).catch((e) => {
    fs.rmSync(home, { recursive: true, force: true });
    throw e;
  });
  d.ownsHome = true;
  let tui;
  try {
    const ctl = await d.connect('ctl');
    const ids = [(await createCommandAgent(ctl, 'exec cat', { cols: 80, rows: 24, title: 'echo' })).id];
    for (const [j, f] of fifos.entries()) ids.push((await createCommandAgent(ctl, `exec cat '${f}'`, { cols: 80, rows: 24, title: `s${j + 1}` })).id);
    // One more client subscribed to one agent: how far its stream lags the writes.
    const sub = await d.connect('sub');
    const lags = [];
    let measuring = false;
    sub.on((m) => {
      if (!measuring || m.agentId !== ids[1] || m.type !== 'output') return;
      for (const x of m.data.matchAll(/TS (\d{13})/g)) lags.push(Date.now() - Number(x[1]));
    });
    await sub.subscribe(ids[1], 0);
    let frames = 0;
    const tuiWhy = tuiUnavailable();
    if (!tuiWhy) {
      const size = tuiSizeFor(80, 24, 2, 2);
      tui = spawnTui(d, { ...size, agentId: ids[0] });
      tui.onData((s) => { if (measuring) frames += s.split(SYNC_BEGIN).length - 1; });
    }
    const fds = await openWriters(fifos);
    const stop = startFeeder(fds);
    await sleep(WARM_MS);
    measuring = true;
    const listMs = [], healthMs = [];
    const c0 = cpuMs(d.pid), t0 = now();
    const port = d.port;
    const echoMs = [];
    const echoP = tuiWhy ? Promise.resolve(NaN) : typeKeys(tui, Infinity, echoMs, 0, { keyset: ECHO_KEYS, until: t0 + WINDOW_MS - 2500 });
    while (now() - t0 < WINDOW_MS) {
      const a = now();
      await ctl.request('agent.list', {});
      listMs.push(now() - a);
      healthMs.push(await httpGetMs(`http://127.0.0.1:${port}/api/health`));
      await sleep(250);
    }
    const elapsed = now() - t0;
    const cpuPct = ((cpuMs(d.pid) - c0) / elapsed) * 100;
    measuring = false;
    const rss = rssKB(d.pid);
    const echoTimeouts = await echoP;
    const agentLags = await measureAgentLags(d, ids.slice(1));
    const dropped = stop();
    for (const fd of fds) fs.closeSync(fd);
    const lsT = now();
    const ls = spawnSync(process.execPath, [CLI, '--home', d.home, '--listen', d.listen, 'ls', '--json'], { env: childEnv(), encoding: 'utf8', timeout: 30_000 });
    const lsCliMs = now() - lsT;
    const listed = ls.status === 0 ? JSON.parse(ls.stdout).length : NaN;
    sub.close(); ctl.close();
    return { cpuPct, rss, dropped, lags, listMs, healthMs, fps: tuiWhy ? NaN : (frames / elapsed) * 1000, tuiWhy, lsCliMs, listed, echoMs, echoTimeouts, agentLags };
  } finally {
    try { tui?.kill(); } catch {}
    await d.stop();
    for (const f of fifos) fs.rmSync(f, { force: true });
  }
}

async function runArchived() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-arch-'));
  fs.mkdirSync(path.join(home, 'agents'), { recursive: true, mode: 0o700 });
  const at = new Date(Date.now() - 86_400_000).toISOString();
  for (let k = 0; k < ARCHIVED; k++) {
    const id = `arch-${String(k).padStart(4, '0')}`;
    fs.writeFileSync(path.join(home, 'agents', `${id}.json`), JSON.stringify({ id, title: `archived ${k}`, provider: 'shell', cwd: os.tmpdir(), status: 'exited', mode: 'default', cols: 80, rows: 24, createdAt: at, updatedAt: at, exitedAt: at, archivedAt: at, exitCode: 0 }, null, 2));
  }
  const t0 = now();
  const d = await Daemon.start('arch', { home });
  const startMs = now() - t0;
  try {
    const times = [];
    let listed = NaN;
    for (let i = 0; i < 3; i++) {
      const a = now();
      const r = spawnSync(process.execPath, [CLI, '--home', home, '--listen', d.listen, 'ls', '--all', '--json'], { env: childEnv(), encoding: 'utf8', timeout: 30_000 });
      times.push(now() - a);
      if (r.status === 0) listed = JSON.parse(r.stdout).length;
    }
    // Node's own start in the same conditions: what the CLI's time includes before paseo runs.
    const n0 = now();
    spawnSync(process.execPath, ['-e', '0']);
    const nodeMs = now() - n0;
    return { startMs, lsMs: quantile(times, 0.5), listed, nodeMs };
  } finally {
    await d.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

runMain('scale', async () => {
  const rows = [];
  const load = os.loadavg()[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-scale-'));
  try {
    const t = await runTmuxSide(dir);
    const unavailable = await probePaseo();
    if (unavailable) {
      rows.push({ ...skipRow(`daemon CPU, ${N} agents`, `paseo: ${unavailable}`, '≤ 2× tmux'), ref: t.cpuPct, unit: '%' });
      return { name: 'scale', rows };
    }
    const p = await runPaseoSide(dir);
    rows.push(row({ metric: `daemon CPU, ${N} agents (${N - 1} streaming)`, paseo: p.cpuPct, ref: t.cpuPct, refLabel: `tmux server, ${N} windows, 1 client`, unit: '%', ratio: p.cpuPct / t.cpuPct, op: '<=', limit: 2, target: 'ratio ≤ 2',
      detail: `${WINDOW_MS / 1000} s window; feeder drops (pipe full) paseo ${p.dropped} / tmux ${t.dropped}` }));
    rows.push(row({ metric: 'daemon RSS', paseo: p.rss / 1024, ref: t.rss / 1024, refLabel: 'tmux server', unit: 'MB', ratio: p.rss / t.rss, detail: 'info: bounded per agent by the live buffer + history store' }));
    const lagP99 = quantile(p.lags, 0.99);
    rows.push(row({ metric: 'one subscriber: output lag behind the write, p99', paseo: lagP99, unit: 'ms', op: '<=', limit: 50, gateValue: lagP99, target: '≤ 50 ms (a frame interval is 20–33 ms; the feeder itself shares the machine)', detail: `p50 ${Math.round(quantile(p.lags, 0.5))} ms, ${p.lags.length} stamps` }));
    rows.push(row({ metric: 'agent.list round trip, p99', paseo: quantile(p.listMs, 0.99), unit: 'ms', op: '<=', limit: 100, gateValue: quantile(p.listMs, 0.99), target: '≤ 100 ms', detail: `p50 ${quantile(p.listMs, 0.5).toFixed(1)} ms; \`paseo ls\` (CLI, node start included) ${Math.round(p.lsCliMs)} ms listing ${p.listed}` }));
    rows.push(row({ metric: 'GET /api/health, p99', paseo: quantile(p.healthMs, 0.99), unit: 'ms', op: '<=', limit: 100, gateValue: quantile(p.healthMs, 0.99), target: '≤ 100 ms', detail: `p50 ${quantile(p.healthMs, 0.5).toFixed(1)} ms` }));
    const perAgent = Object.values(p.agentLags);
    const all = perAgent.flat();
    const agentMax = perAgent.map((l) => Math.max(...l));
    const agentP99 = perAgent.map((l) => quantile(l, 0.99));
    const worst = Math.max(...agentMax);
    const silent = perAgent.filter((l) => !l.length).length;
    rows.push(row({ metric: `every agent's output lag behind the write (${perAgent.length} agents, ${LAG_MS / 1000} s): max`, paseo: worst, unit: 'ms', op: '<=', limit: FRAME_MS, gateValue: silent ? NaN : worst, target: `≤ ${FRAME_MS} ms (one frame at 30 fps)`,
      detail: `per-agent max: median ${Math.round(quantile(agentMax, 0.5))}, p99 ${Math.round(quantile(agentMax, 0.99))} ms; agents with no stamp ${silent}; a separate client subscribed to all of them` }));
    rows.push(row({ metric: 'every agent\'s output lag: p99 over all stamps', paseo: quantile(all, 0.99), unit: 'ms', op: '<=', limit: FRAME_MS, gateValue: quantile(all, 0.99), target: `≤ ${FRAME_MS} ms`,
      detail: `p50 ${Math.round(quantile(all, 0.5))} ms over ${all.length} stamps; worst agent's p99 ${Math.round(Math.max(...agentP99))} ms, agents whose max > ${FRAME_MS} ms: ${agentMax.filter((x) => x > FRAME_MS).length}` }));
    if (p.tuiWhy) rows.push(skipRow('keystroke echo in a visible pane, p99', p.tuiWhy, '≤ 50 ms'));
    else {
      const e99 = quantile(p.echoMs, 0.99), t99 = quantile(t.echoMs, 0.99);
      rows.push(row({ metric: `keystroke echo in a visible pane (\`cat\`, one of four) while ${N - 1} stream, p99`, paseo: e99, ref: t99, refLabel: 'tmux client, same load', ratio: e99 / t99, unit: 'ms', op: '<=', limit: 50, gateValue: p.echoTimeouts ? NaN : e99, target: '≤ 50 ms',
        detail: `p50 ${quantile(p.echoMs, 0.5).toFixed(1)} ms vs tmux ${quantile(t.echoMs, 0.5).toFixed(1)} ms; keys ${p.echoMs.length}/${t.echoMs.length}, timeouts (2 s) ${p.echoTimeouts}/${t.echoTimeouts}` }));
    }
    if (p.tuiWhy) rows.push(skipRow('TUI frame rate', p.tuiWhy, '≥ 25 fps'));
    else rows.push(row({ metric: 'TUI frame rate (sidebar + panes, attached)', paseo: p.fps, unit: 'fps', op: '>=', limit: 25, gateValue: p.fps, target: '≥ 25 fps', detail: 'frames counted by ESC[?2026h; the TUI draws only when something it shows changed (the echo pane\'s keys included)' }));
    const a = await runArchived();
    rows.push(row({ metric: `daemon start with ${ARCHIVED} archived records`, paseo: a.startMs, unit: 'ms', op: '<=', limit: 1000, gateValue: a.startMs, target: '≤ 1 s', detail: '`paseo daemon start` until it answers (CLI node start included)' }));
    rows.push(row({ metric: `\`paseo ls --all\`, ${ARCHIVED} archived`, paseo: a.lsMs, unit: 'ms', op: '<=', limit: 300, gateValue: a.lsMs, target: '≤ 300 ms', detail: `listed ${a.listed}; bare \`node -e 0\` took ${Math.round(a.nodeMs)} ms here` }));
    return { name: 'scale', note: `${N} agents 80×24 (${N - 1} streaming, 1 \`cat\` typed into), ~${TEXT_BYTES_PER_S / 1000} KB/s text + a redraw every ${SPIN_MS} ms each; load average ${load.toFixed(1)} on ${os.cpus().length} cores at the start (shared machine)`, rows };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
