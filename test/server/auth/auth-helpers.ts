/** Raw HTTP and WebSocket helpers for the auth tests: any Host, Origin and Cookie a browser or an attacker could send. */
import http from 'node:http';
import https from 'node:https';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../../../src/core/protocol.js';
import { waitUntil } from '../harness.js';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string; tls?: boolean },
): Promise<HttpAnswer> {
  const mod = opts.tls ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${port}`, ...opts.headers },
        ...(opts.tls ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Pairs through POST /api/pair as the daemon's page would (same origin); resolves with the answer. */
export function postPair(port: number, code: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return httpRequest(port, {
    method: 'POST',
    path: '/api/pair',
    headers: { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ code }),
  });
}

/** The `paseo_device=<credential>` pair of a Set-Cookie answer. */
export function deviceCookie(answer: HttpAnswer): string {
  const set = answer.headers['set-cookie']?.[0];
  const m = /^(paseo_device=[^;]+)/.exec(set ?? '');
  if (!m) throw new Error(`no device cookie in ${answer.status} ${answer.body}`);
  return m[1]!;
}

/** A WebSocket to /ws that records every message; `refused` holds the HTTP status when the upgrade was refused. */
export class WsPeer {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; at: number } | undefined;
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as ServerMessage | { type: 'batch'; messages: ServerMessage[] };
      if (m.type === 'batch') this.messages.push(...m.messages);
      else this.messages.push(m);
    });
    ws.on('close', (code) => (this.closed = { code, at: Date.now() }));
    ws.on('error', () => {});
  }

  static open(url: string, headers: Record<string, string>, opts: { tls?: boolean } = {}): Promise<WsPeer> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false, ...(opts.tls ? { rejectUnauthorized: false } : {}) });
      ws.once('open', () => resolve(new WsPeer(ws)));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
  }

  /** Opens and says hello (with the token when given); resolves with the peer once welcomed. */
  static async hello(url: string, headers: Record<string, string>, token?: string, opts: { tls?: boolean } = {}): Promise<WsPeer> {
    const peer = await WsPeer.open(url, headers, opts);
    peer.send({ type: 'hello', protocol: 1, client: { kind: 'web' }, ...(token ? { token } : {}) });
    await peer.next((m) => m.type === 'welcome' || m.type === 'error', 'welcome');
    return peer;
  }

  send(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  async request(method: string, params: unknown): Promise<{ result?: unknown; error?: { code: string; message: string } }> {
    const id = this.nextId++;
    this.send({ type: 'request', id, method, params });
    const m = await this.next((x) => x.type === 'response' && x.id === id, `response to ${method}`);
    return m as { result?: unknown; error?: { code: string; message: string } };
  }

  async next(pred: (m: ServerMessage) => boolean, what: string): Promise<ServerMessage> {
    await waitUntil(() => this.messages.some(pred) || this.closed !== undefined, what);
    const found = this.messages.find(pred);
    if (!found) throw new Error(`connection closed (${this.closed?.code}) before ${what}`);
    return found;
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Wraps a service so every method called on it is recorded: a refused request must leave this list unchanged. */
export function recordingService<T extends object>(target: T): { service: T; calls: string[] } {
  const calls: string[] = [];
  const service = new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        calls.push(prop);
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  return { service, calls };
}
