// Paseo daemon harness: a daemon on a free loopback port with a temp PASEO_HOME, a raw protocol
// client (ws, protocol v1 from src/core/protocol.ts), and cleanup by PID / process group.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { isAlive, killGroup, processTree } from './proc.mjs';
import { sleep, now } from './stats.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
export const dist = (rel) => path.join(ROOT, 'dist', rel);

/** Environment for children that run paseo / Ink: no CI (Ink draws nothing interactive under CI), production React. */
export function childEnv(extra = {}) {
  const env = { ...process.env, TERM: 'xterm-256color', NODE_ENV: 'production', ...extra };
  delete env.CI; delete env.CONTINUOUS_INTEGRATION; delete env.PASEO_HOME; delete env.PASEO_LISTEN; delete env.PASEO_TOKEN;
  return env;
}

/** undefined when the daemon side can be driven, else the reason it cannot. */
export function daemonUnavailable() {
  for (const f of ['src/cli/main.js', 'src/daemon/daemon-main.js', 'src/server/start-server.js']) {
    if (!fs.existsSync(dist(f))) return `dist/${f} not built`;
  }
  return undefined;
}

/** The daemon's pid from paseo.pid: JSON ({"pid": …}) now, a bare number (with start ticks) before. */
function readPidFile(file) {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text.startsWith('{')) return Number(JSON.parse(text).pid);
  return Number(text.split(/\s/)[0]);
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

export function tempHome(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `paseo-bench-${tag}-`));
}

function cli(args, opts = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: opts.timeout ?? 30000, env: childEnv(opts.env) });
}

const live = new Set();
function cleanupAll() { for (const d of live) d.killHard(); }
process.on('exit', cleanupAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanupAll(); process.exit(130); });

export class Daemon {
  static async start(tag = 'd', { home } = {}) {
    const d = new Daemon();
    d.home = home ?? tempHome(tag);
    d.ownsHome = !home;
    d.port = await freePort();
    d.listen = `127.0.0.1:${d.port}`;
    d.url = `ws://127.0.0.1:${d.port}/ws`;
    live.add(d);
    // PASEO_BENCH_DAEMON_NODE_OPTIONS (e.g. `--import=/tmp/profile-preload.mjs`: node 20 refuses --cpu-prof there): node
    // options for the daemon only (the starting CLI passes its env on), not for this process, the TUI or other clients.
    const nodeOptions = process.env.PASEO_BENCH_DAEMON_NODE_OPTIONS;
    const r = cli(['daemon', 'start', '--home', d.home, '--listen', d.listen], nodeOptions ? { env: { NODE_OPTIONS: nodeOptions } } : {});
    if (r.status !== 0) {
      d.killHard();
      throw new Error(`paseo daemon start failed (${r.status}): ${r.stderr || r.stdout}`);
    }
    d.pid = readPidFile(path.join(d.home, 'paseo.pid'));
    d.token = fs.readFileSync(path.join(d.home, 'token'), 'utf8').trim();
    return d;
  }
  /** For an externally started daemon (e.g. autostarted by the TUI). */
  static attachExisting(home, listen) {
    const d = new Daemon();
    d.home = home; d.listen = listen; d.port = Number(listen.split(':').pop()); d.url = `ws://${listen}/ws`;
    d.pid = readPidFile(path.join(home, 'paseo.pid'));
    d.token = fs.readFileSync(path.join(home, 'token'), 'utf8').trim();
    live.add(d);
    return d;
  }
  async connect(name = 'bench') { return Client.connect(this.url, this.token, name); }
  /** The same client over the daemon's unix socket (what the CLI and TUI use locally). */
  async connectUnix(name = 'bench') { return Client.connect(`unix:${path.join(this.home, 'paseo.sock')}`, this.token, name); }
  /** `paseo daemon stop`, then SIGKILL of the daemon's process group and every process it left. */
  async stop() {
    const tree = this.pid ? processTree(this.pid) : [];
    cli(['daemon', 'stop', '--home', this.home, '--listen', this.listen], { timeout: 15000 });
    const t0 = now();
    while (this.pid && isAlive(this.pid) && now() - t0 < 5000) await sleep(20);
    for (const p of tree) if (isAlive(p)) killGroup(p);
    this.killHard();
  }
  killHard() {
    if (this.pid && isAlive(this.pid)) { for (const p of processTree(this.pid)) killGroup(p); }
    if (this.ownsHome && this.home) fs.rmSync(this.home, { recursive: true, force: true });
    live.delete(this);
  }
}

/** The unix socket's framing (one JSON message per line) behind the few WebSocket methods Client uses. */
class LineSocketClient {
  constructor(socketPath) {
    this.handlers = {};
    this.sock = net.connect(socketPath);
    let buf = Buffer.alloc(0);
    this.sock.on('connect', () => this.handlers.open?.());
    this.sock.on('error', (e) => this.handlers.error?.(e));
    this.sock.on('close', () => this.handlers.close?.());
    this.sock.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10)) {
        const line = buf.subarray(0, i);
        buf = buf.subarray(i + 1);
        if (line.length) this.handlers.message?.(line);
      }
    });
  }
  on(event, fn) { this.handlers[event] = fn; }
  send(text) { this.sock.write(text + '\n'); }
  terminate() { this.sock.destroy(); }
}

/** Raw protocol v1 client (ws://… or unix:<path>). */
export class Client {
  static connect(url, token, name = 'bench') {
    return new Promise((resolve, reject) => {
      const c = new Client();
      const ws = url.startsWith('unix:') ? new LineSocketClient(url.slice(5)) : new WebSocket(url, { perMessageDeflate: false });
      c.ws = ws;
      c.nextId = 1; c.pending = new Map(); c.listeners = new Set();
      const to = setTimeout(() => { ws.terminate(); reject(new Error('connect timeout')); }, 10000);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, token, client: { kind: 'test', name } })));
      ws.on('error', (e) => { clearTimeout(to); reject(e); });
      ws.on('close', () => { for (const p of c.pending.values()) p.reject(new Error('closed')); c.pending.clear(); });
      ws.on('message', (raw) => {
        if (c.rawHandler && c.welcome && c.rawHandler(raw)) return; // lean consumers skip JSON.parse for bulk frames
        const m = JSON.parse(raw.toString());
        if (m.type === 'welcome') { clearTimeout(to); c.welcome = m; resolve(c); return; }
        if (m.type === 'response') {
          const p = c.pending.get(m.id);
          if (p) { c.pending.delete(m.id); if (m.error) p.reject(new Error(`${m.error.code}: ${m.error.message}`)); else p.resolve(m.result); }
          return;
        }
        if (m.type === 'batch') { for (const x of m.messages) for (const l of c.listeners) l(x, raw); return; }
        for (const l of c.listeners) l(m, raw);
      });
    });
  }
  request(method, params = {}, timeoutMs = 30000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const to = setTimeout(() => { this.pending.delete(id); reject(new Error(`${method} timed out`)); }, timeoutMs);
      this.pending.set(id, { resolve: (v) => { clearTimeout(to); resolve(v); }, reject: (e) => { clearTimeout(to); reject(e); } });
      this.ws.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  }
  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  input(agentId, data) { this.ws.send(JSON.stringify({ type: 'input', agentId, data })); }
  /** Subscribe; resolves with the first snapshot message. */
  subscribe(agentId, scrollbackLines) {
    return new Promise((resolve, reject) => {
      const off = this.on((m) => { if (m.type === 'snapshot' && m.agentId === agentId) { off(); resolve(m); } });
      const params = { agentId };
      if (scrollbackLines !== undefined) params.scrollbackLines = scrollbackLines;
      this.request('terminal.subscribe', params).catch((e) => { off(); reject(e); });
    });
  }
  close() { try { this.ws.terminate(); } catch {} }
}

/** Creates a `command` agent running `sh -c script` at cols×rows. */
export function createCommandAgent(client, script, { cols = 80, rows = 24, title } = {}) {
  return client.request('agent.create', { provider: 'command', command: ['/bin/sh', '-c', script], cols, rows, cwd: os.tmpdir(), title });
}
export function createShellAgent(client, { cols = 80, rows = 24, title } = {}) {
  return client.request('agent.create', { provider: 'shell', cols, rows, cwd: os.tmpdir(), title });
}

/**
 * undefined when a daemon starts, runs a command agent and streams its output; else why not (first
 * line of the error). Benchmarks call it once and print SKIP with this reason.
 */
export async function probePaseo() {
  const why = daemonUnavailable();
  if (why) return why;
  let d;
  try {
    d = await Daemon.start('probe');
    const c = await d.connect('probe');
    const a = await createCommandAgent(c, 'echo PROBE""OK; exec sleep 100');
    let seen = false;
    c.on((m) => { if ((m.type === 'output' || m.type === 'snapshot') && m.data.includes('PROBEOK')) seen = true; });
    await c.subscribe(a.id, 100);
    const t0 = now();
    while (!seen && now() - t0 < 5000) await sleep(20);
    c.close();
    return seen ? undefined : 'agent output never reached a subscribed client';
  } catch (e) {
    return String(e && e.message || e).split('\n').filter(Boolean).slice(0, 2).join(' ').slice(0, 200);
  } finally {
    if (d) await d.stop();
  }
}
