/** The HTTP skeleton the fake model servers share: 127.0.0.1 port 0, every request recorded. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TurnBook } from './scenario.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export type Route = (req: RecordedRequest, res: http.ServerResponse) => Promise<boolean> | boolean;

export interface FakeModelServer {
  readonly port: number;
  /** Base URL, no trailing slash (http://127.0.0.1:PORT). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Scripted turns, one per new user prompt, in order. */
  readonly turns: TurnBook;
  close(): Promise<void>;
}

export async function startFakeServer(route: Route, turns = new TurnBook()): Promise<FakeModelServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.search, headers: req.headers, body };
      requests.push(rec);
      Promise.resolve(route(rec, res))
        .then((handled) => {
          if (!handled) sendJson(res, 404, { error: { message: `fake: no route ${rec.method} ${rec.path}` } });
        })
        .catch((err: unknown) => sendJson(res, 500, { error: { message: String(err) } }));
    });
  });
  // Codex may try a websocket transport first; refusing makes it fall back to HTTP.
  server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    turns,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: http.ServerResponse, status: number, obj: unknown): void {
  if (res.headersSent) return;
  const s = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
  res.end(s);
}

export function startSse(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let counter = 0;
export function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;
}
