/**
 * The OpenCode bridge: the process paseo starts in the agent's PTY. It runs the real `opencode` TUI as its child
 * in the same terminal (stdio inherited, same process group, so keys, resizes and the supervisor's kill reach
 * it), with OpenCode's local server on a loopback port it picked and a random basic-auth password (nobody else
 * on the machine can answer its permissions). It follows `GET /event` and turns what matters into hook calls
 * to the daemon (`POST <hook-url>/<event>`, header x-paseo-hook-secret, secret read from a 0600 file):
 *
 *   session.status busy/idle → turn start/end      permission.asked → an approval request, held
 *   the daemon's answer → POST /permission/<id>/reply {reply: once|reject, message}
 *
 * Why a bridge and not a plugin or hooks: OpenCode has no command/http hooks, and its permission API is the
 * verified way to approve while the TUI runs (research/real-agents.md §4). The bridge keeps the adapter
 * contract hook-shaped: the daemon sees OpenCode exactly like a CLI that calls hooks.
 *
 * The password keeps other local users off OpenCode's API. It is in OpenCode's environment, so commands the
 * agent runs inherit it (measured): like paseo's own token and hook secret, it is no boundary within one uid.
 *
 * Fail closed: a permission whose hook call fails (daemon down, refused, malformed answer, timeout) is
 * rejected. If the bridge itself dies, OpenCode's own dialog stays up for the human in the pane: nothing runs
 * unasked. Logs go to a file (never the PTY, which would corrupt the TUI).
 *
 *   node bridge.js --hook-url URL --secret-file FILE [--log FILE] [--session ID] -- <opencode> [args…]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { OpenCode } from '../../src/core/constants.js';
import { createLogger, setLogSink } from '../../src/core/log.js';
import { OpenCodeEventFilter, readPermissionReply, type Forward, type PermissionReply, type SseEvent } from './events.js';

const log = createLogger('opencode-bridge');


interface Options {
  hookUrl: string;
  secretFile: string;
  logFile?: string;
  session?: string;
  command: string[];
}

function parseArgs(argv: string[]): Options {
  const sep = argv.indexOf('--');
  const own = sep < 0 ? argv : argv.slice(0, sep);
  const command = sep < 0 ? [] : argv.slice(sep + 1);
  const get = (name: string): string | undefined => {
    const i = own.indexOf(name);
    return i >= 0 ? own[i + 1] : undefined;
  };
  const hookUrl = get('--hook-url');
  const secretFile = get('--secret-file');
  if (!hookUrl || !secretFile || command.length === 0) throw new Error('usage: bridge --hook-url URL --secret-file FILE [--log FILE] -- <opencode> [args…]');
  return { hookUrl: hookUrl.replace(/\/+$/, ''), secretFile, logFile: get('--log'), session: get('--session'), command };
}

/** A free loopback port: bound and released (OpenCode binds it a moment later; the window is tiny and local). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

interface HttpResult {
  status: number;
  text: string;
}

function request(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = http.request(
      { hostname: target.hostname, port: target.port, path: target.pathname + target.search, method, agent: false, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

class Bridge {
  private readonly filter: OpenCodeEventFilter;
  private readonly auth: string;
  private readonly base: string;
  /** Status hook calls go one after another, in stream order; a permission call starts after those before it. */
  private chain: Promise<void> = Promise.resolve();
  private readonly handled = new Set<string>();
  private stopped = false;
  private stream: http.ClientRequest | undefined;

  constructor(
    private readonly opts: Options,
    private readonly secret: string,
    port: number,
    password: string,
  ) {
    this.filter = new OpenCodeEventFilter(opts.session, (callID) => {
      const timer = setTimeout(() => {
        const f = this.filter.release(callID);
        if (f) this.dispatch(f);
      }, OpenCode.TOOL_INPUT_WAIT_MS);
      timer.unref();
    });
    this.auth = 'Basic ' + Buffer.from(`paseo:${password}`).toString('base64');
    this.base = `http://127.0.0.1:${port}`;
  }

  stop(): void {
    this.stopped = true;
    this.stream?.destroy();
  }

  /** Follows the event stream for the child's lifetime, reconnecting (and catching up on pending permissions). */
  async follow(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.readStream();
      } catch (err) {
        if (!this.stopped) log.debug('stream.retry', { error: String(err) });
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, OpenCode.CONNECT_RETRY_MS));
    }
  }

  private readStream(): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.base}/event`, { method: 'GET', agent: false, headers: { authorization: this.auth, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`event stream answered HTTP ${res.statusCode}`));
          return;
        }
        log.info('stream.connected', {});
        void this.catchUp();
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk: string) => {
          buf += chunk;
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, end);
            buf = buf.slice(end + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).replace(/^ /, ''))
              .join('\n');
            if (data) this.onData(data);
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      });
      this.stream = req;
      // A request made while OpenCode is still booting can hang without ever answering: give up and ask again.
      // Once streaming, OpenCode's heartbeat keeps the socket busy; a silent one is dead.
      req.setTimeout(OpenCode.STREAM_CONNECT_TIMEOUT_MS, () => req.destroy(new Error('no answer from the event stream')));
      req.on('response', (res) => {
        req.setTimeout(OpenCode.STREAM_IDLE_TIMEOUT_MS);
        res.on('close', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
  }

  private onData(data: string): void {
    let ev: SseEvent;
    try {
      ev = JSON.parse(data) as SseEvent;
    } catch {
      return;
    }
    if (!ev || typeof ev.type !== 'string') return;
    for (const f of this.filter.accept(ev)) this.dispatch(f);
  }

  /** Permissions asked while the stream was down (or before it came up) are held like streamed ones. */
  private async catchUp(): Promise<void> {
    try {
      const r = await request(`${this.base}/permission`, 'GET', { authorization: this.auth }, undefined, OpenCode.API_TIMEOUT_MS);
      const list = JSON.parse(r.text) as unknown;
      if (!Array.isArray(list)) return;
      for (const p of list) {
        if (p && typeof p === 'object') for (const f of this.filter.pending(p as Record<string, unknown>)) this.dispatch(f);
      }
    } catch (err) {
      log.debug('catch-up.failed', { error: String(err) });
    }
  }

  private dispatch(f: Forward): void {
    if (!f.blocking) {
      this.chain = this.chain.then(() => this.postStatus(f));
      return;
    }
    const id = String(f.payload.id ?? '');
    if (!id || this.handled.has(id)) return;
    this.handled.add(id);
    this.chain = this.chain.then(() => {
      void this.answerPermission(id, f);
    });
  }

  private async postStatus(f: Forward): Promise<void> {
    try {
      const r = await this.hook(f, OpenCode.STATUS_POST_TIMEOUT_MS);
      if (r.status !== 200) log.warn('status.refused', { event: f.event, status: r.status });
    } catch (err) {
      log.warn('status.failed', { event: f.event, error: String(err) });
    }
  }

  private async answerPermission(id: string, f: Forward): Promise<void> {
    let reply: PermissionReply;
    try {
      const r = await this.hook(f, OpenCode.PERMISSION_POST_TIMEOUT_MS);
      reply = readPermissionReply(r.status, r.text);
    } catch (err) {
      reply = { reply: 'reject', message: `paseo denied this: the daemon did not answer (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
    log.info('permission.reply', { id, reply: reply.reply });
    try {
      const r = await request(`${this.base}/permission/${encodeURIComponent(id)}/reply`, 'POST', { authorization: this.auth }, JSON.stringify(reply), OpenCode.API_TIMEOUT_MS);
      // Already answered in the pane: OpenCode no longer knows the id; nothing to do.
      if (r.status !== 200) log.info('permission.reply-refused', { id, status: r.status, body: r.text.slice(0, 200) });
    } catch (err) {
      log.warn('permission.reply-failed', { id, error: String(err) });
    }
  }

  private hook(f: Forward, timeoutMs: number): Promise<HttpResult> {
    return request(`${this.opts.hookUrl}/${encodeURIComponent(f.event)}`, 'POST', { 'x-paseo-hook-secret': this.secret }, JSON.stringify(f.payload), timeoutMs);
  }
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.logFile) {
    const file = opts.logFile;
    setLogSink((line) => fs.appendFileSync(file, line, { mode: 0o600 }), 'info');
  }
  const secret = fs.readFileSync(opts.secretFile, 'utf8').trim();
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const [file, ...args] = opts.command;
  const child: ChildProcess = spawn(file!, [...args, '--port', String(port), '--hostname', '127.0.0.1'], {
    stdio: 'inherit',
    env: { ...process.env, OPENCODE_SERVER_USERNAME: 'paseo', OPENCODE_SERVER_PASSWORD: password },
  });
  log.info('opencode.spawned', { pid: child.pid, port });
  const bridge = new Bridge(opts, secret, port, password);
  // The PTY's signals reach the whole group; one sent to the bridge alone is passed on. Ctrl-C is a key in
  // OpenCode's raw-mode TUI, so a SIGINT here is never the bridge's to act on.
  process.on('SIGINT', () => {});
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
    process.on(sig, () => {
      log.info('signal', { sig });
      bridge.stop();
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
      setTimeout(() => process.exit(129), OpenCode.CHILD_EXIT_GRACE_MS).unref();
    });
  }
  child.on('error', (err) => {
    log.error('opencode.spawn-failed', { error: String(err) });
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    log.info('opencode.exited', { code, signal });
    bridge.stop();
    process.exitCode = code ?? (signal ? 128 + (os.constants.signals[signal] ?? 1) : 1);
    setImmediate(() => process.exit());
  });
  void bridge.follow();
}

main().catch((err: unknown) => {
  log.error('bridge.failed', { error: String(err) });
  process.stderr.write(`paseo opencode bridge: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
