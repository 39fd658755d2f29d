// One throughput measurement in a fresh process; prints one JSON line.
//   node bench/throughput-worker.mjs <tmux|paseo> <file> <K> [cols=80] [rows=24]
// tmux : detached session (history-limit 10000, paseo's default depth) whose pane runs `cat FIFO; cat FILE; echo MARK`,
//        K `tmux attach` clients in node-pty.
// paseo: a daemon (temp home, loopback port) with a command agent running the same script, K raw
//        protocol clients (ws, JSON-parsed like any client) subscribed to its terminal.
// raw  : the raw node stack (lib/raw-stack-server.mjs: node-pty → headless → ws, one process), K ws clients here; its
//        xterm keeps paseo's live rows (HistoryStore.LIVE_LINES, 1 000; PASEO_BENCH_RAW_SCROLLBACK) and nothing older.
// Time: from releasing the start fifo until every client has seen the end marker.
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import os from 'node:os';
import path from 'node:path';
import pty from 'node-pty';
import { now, sleep, waitFor } from './lib/stats.mjs';
import { markerWatcher } from './lib/text.mjs';
import { cpuMs } from './lib/proc.mjs';
import { Tmux } from './lib/tmux.mjs';
import { Daemon, createCommandAgent } from './lib/paseo.mjs';
import { makeFifo, releaseFifo } from './lib/fifo.mjs';

const [mode, file, K_ = '1', cols_ = '80', rows_ = '24'] = process.argv.slice(2);
const K = Number(K_), cols = Number(cols_), rows = Number(rows_);
const MB = fs.statSync(file).size / 1048576;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-thr-'));
const fifo = makeFifo(tmp);
const MARK = `ZQ${process.pid}DONEZQ`;
const script = `cat '${fifo}' >/dev/null; cat '${file}'; echo ZQ${process.pid}DON''EZQ; exec sleep 1000000`;
const env = { ...process.env, TERM: 'xterm-256color' };
// lean (default): paseo clients scan raw frames for the marker like perf.md's ws clients; parse: JSON.parse every frame
const LEAN = (process.env.PASEO_BENCH_THR_CLIENT || 'lean') === 'lean';
delete env.CI;

async function runTmux() {
  // Fair: tmux keeps as much history as paseo does (scrollbackLines 10000), not its default 2000.
  const tm = new Tmux('thr', 'set -g history-limit 10000\n');
  try {
    tm.run('new-session', '-d', '-s', 'thr', '-x', String(cols), '-y', String(rows), script);
    tm.run('set', '-g', 'status', 'off');
    const spid = tm.serverPid();
    let seen = 0, allSeen;
    const allSeenP = new Promise((r) => (allSeen = r));
    const clients = [];
    for (let i = 0; i < K; i++) {
      const c = pty.spawn('tmux', ['-L', tm.name, 'attach', '-t', 'thr'], { cols, rows, env });
      const st = { c, bytes: 0, armed: false };
      const w = markerWatcher(MARK, () => { if (++seen === K) allSeen(); });
      c.onData((d) => { st.bytes += d.length; if (st.armed) w(d); });
      clients.push(st);
    }
    await sleep(500 + 20 * K); // attached and drawn
    for (const st of clients) { st.bytes = 0; st.armed = true; }
    const cpu0 = cpuMs(spid);
    const t0 = await releaseFifo(fifo);
    await Promise.race([allSeenP, sleep(180000).then(() => { throw new Error('tmux: marker not seen in 180 s'); })]);
    const ms = now() - t0;
    const serverCpuMs = cpuMs(spid) - cpu0;
    const clientMB = clients.reduce((a, s) => a + s.bytes, 0) / K / 1048576;
    for (const st of clients) st.c.kill();
    return { ms, serverCpuMs, clientMB };
  } finally { tm.kill(); }
}

async function runPaseo() {
  const d = await Daemon.start('thr');
  try {
    const ctl = await d.connect('ctl');
    const agent = await createCommandAgent(ctl, script, { cols, rows });
    const clients = [];
    let seen = 0, allSeen;
    const allSeenP = new Promise((r) => (allSeen = r));
    for (let i = 0; i < K; i++) {
      const c = await d.connect(`c${i}`);
      const st = { c, bytes: 0, snapshots: 0, done: false };
      const hit = () => { if (!st.done) { st.done = true; if (++seen === K) allSeen(); } };
      let w = markerWatcher(MARK, hit);
      if (LEAN) {
        // Receives every frame but finds the marker in the raw JSON bytes (it is plain ASCII, never escaped);
        // the last/first bytes of consecutive `data` strings are checked so a marker split across frames is found.
        const markBuf = Buffer.from(MARK), head = Buffer.from('{"type":"output"'), batchHead = Buffer.from('{"type":"batch"');
        let prevTail = '';
        c.rawHandler = (raw) => {
          const isDelta = raw.length >= head.length && (raw.compare(head, 0, head.length, 0, head.length) === 0 || raw.compare(batchHead, 0, batchHead.length, 0, batchHead.length) === 0);
          if (!isDelta) return false; // snapshots etc.: parsed
          st.bytes += raw.length;
          if (raw.indexOf(markBuf) >= 0) { hit(); return true; }
          const di = raw.lastIndexOf('"data":"'), fi = raw.indexOf('"data":"');
          if (di >= 0) {
            const start = raw.toString('latin1', fi + 8, Math.min(raw.length - 2, fi + 8 + MARK.length));
            if ((prevTail + start).includes(MARK)) hit();
            // the last message's data string ends 2 bytes before the frame's end ('"}'), 4 in a batch ('"}]}')
            const end = raw.length - (raw[raw.length - 2] === 0x5d ? 4 : 2);
            prevTail = raw.toString('latin1', Math.max(di + 8, end - MARK.length), end);
          }
          return true;
        };
      }
      c.on((m) => {
        if (m.agentId !== agent.id) return;
        if (m.type === 'output') { st.bytes += m.data.length; w(m.data); }
        else if (m.type === 'snapshot') { st.snapshots++; st.bytes += m.data.length; if (m.data.includes(MARK)) hit(); w = markerWatcher(MARK, hit); }
      });
      await c.subscribe(agent.id, 0);
      st.snapshots = 0;
      clients.push(st);
    }
    const { ms, serverCpuMs } = await timeRelease(d.pid, allSeenP, 'paseo');
    const clientMB = clients.reduce((a, s) => a + s.bytes, 0) / K / 1048576;
    const resyncs = clients.reduce((a, s) => a + s.snapshots, 0);
    for (const st of clients) st.c.close();
    ctl.close();
    return { ms, serverCpuMs, clientMB, resyncs };
  } finally { await d.stop(); }
}

/** Lets the clients settle, releases the producer, and times until every client saw the marker; server CPU alongside. */
async function timeRelease(serverPid, allSeenP, label) {
  await sleep(200);
  const cpu0 = cpuMs(serverPid);
  const t0 = await releaseFifo(fifo);
  await Promise.race([allSeenP, sleep(180000).then(() => { throw new Error(`${label}: marker not seen in 180 s`); })]);
  return { ms: now() - t0, serverCpuMs: cpuMs(serverPid) - cpu0 };
}

/** Watches the JSON text frames {"type":"output","data":"…"} for MARK, also across two frames' data strings. */
function rawMarkerWatcher(onHit) {
  let prevTail = '';
  return (raw) => {
    const text = raw.toString('latin1');
    const at = text.indexOf('"data":"');
    const data = at >= 0 ? text.slice(at + 8, text.length - 2) : text;
    if ((prevTail + data).includes(MARK)) onHit();
    prevTail = data.slice(-MARK.length);
  };
}

async function runRaw() {
  const server = spawn(process.execPath, [new URL('./lib/raw-stack-server.mjs', import.meta.url).pathname, script, String(cols), String(rows), process.env.PASEO_BENCH_RAW_SCROLLBACK || '1000'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  try {
    const port = await new Promise((resolve, reject) => {
      let said = '';
      server.stdout.on('data', (c) => { said += c; const m = /"port":(\d+)/.exec(said); if (m) resolve(Number(m[1])); });
      server.on('exit', (code) => reject(new Error(`raw stack server exited (${code})`)));
    });
    let seen = 0, allSeen;
    const allSeenP = new Promise((r) => (allSeen = r));
    const clients = [];
    for (let i = 0; i < K; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
      const st = { ws, bytes: 0, done: false };
      const watch = rawMarkerWatcher(() => { if (!st.done) { st.done = true; if (++seen === K) allSeen(); } });
      ws.on('message', (raw) => { st.bytes += raw.length; watch(raw); });
      clients.push(st);
    }
    const { ms, serverCpuMs } = await timeRelease(server.pid, allSeenP, 'raw');
    const clientMB = clients.reduce((a, s) => a + s.bytes, 0) / K / 1048576;
    for (const st of clients) st.ws.close();
    return { ms, serverCpuMs, clientMB, resyncs: 0 };
  } finally { server.kill('SIGKILL'); }
}

try {
  const r = mode === 'tmux' ? await runTmux() : mode === 'raw' ? await runRaw() : await runPaseo();
  const c = process.cpuUsage();
  process.stdout.write(JSON.stringify({ mode, file: path.basename(file), K, cols, rows, MB, MBps: MB / (r.ms / 1000), workerCpuMs: (c.user + c.system) / 1000, ...r }) + '\n');
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
} catch (e) {
  process.stderr.write(String(e && e.stack || e) + '\n');
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
}
