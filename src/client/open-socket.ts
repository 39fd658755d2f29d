/** Opens one protocol socket: connect, hello, wait for welcome. Failures become typed PaseoErrors. */
import type { RawData } from 'ws';
import { WebSocket } from './ws-module.js';
import { PaseoError } from '../core/errors.js';
import { PROTOCOL_VERSION, type ClientKind, type ServerMessage, type WelcomeMessage, type WireServerMessage } from '../core/protocol.js';

export interface OpenSocketOptions {
  url: string;
  token: string | undefined;
  kind: ClientKind;
  name: string | undefined;
  /** Installed the moment the welcome arrives, so no later frame is missed. */
  onMessage(message: ServerMessage): void;
  onClose(): void;
}

/** How long connect + hello may take before the attempt counts as failed. */
const HANDSHAKE_TIMEOUT_MS = 5_000;

export function openSocket(opts: OpenSocketOptions): Promise<{ ws: WebSocket; welcome: WelcomeMessage }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const ws = new WebSocket(opts.url, { perMessageDeflate: false, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    const timer = setTimeout(() => fail(new PaseoError('timeout', `no welcome from ${opts.url}`, { url: opts.url })), HANDSHAKE_TIMEOUT_MS);
    const fail = (err: PaseoError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      reject(err);
    };
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      const code = status === 401 || status === 403 ? 'unauthorized' : 'daemon_not_running';
      fail(new PaseoError(code, `${opts.url} refused the connection (HTTP ${status})`, { url: opts.url, status }));
    });
    ws.on('error', (err: NodeJS.ErrnoException) => {
      fail(new PaseoError('daemon_not_running', `no paseo daemon at ${opts.url} (${err.code ?? err.message})`, { url: opts.url }));
    });
    ws.on('close', () => fail(new PaseoError('daemon_not_running', `${opts.url} closed the connection during hello`, { url: opts.url })));
    ws.on('open', () => {
      ws.send(
        JSON.stringify({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          ...(opts.token !== undefined ? { token: opts.token } : {}),
          client: { kind: opts.kind, ...(opts.name !== undefined ? { name: opts.name } : {}) },
        }),
      );
    });
    ws.once('message', (data: RawData) => {
      const message = parseServerMessage(data);
      if (message?.type === 'welcome') {
        settled = true;
        clearTimeout(timer);
        ws.removeAllListeners();
        ws.on('message', (raw: RawData) => {
          const next = parseServerMessage(raw);
          if (next?.type === 'batch') {
            for (const m of next.messages) opts.onMessage(m);
          } else if (next) opts.onMessage(next);
        });
        ws.on('error', () => {});
        ws.on('close', () => opts.onClose());
        resolve({ ws, welcome: message });
        return;
      }
      if (message?.type === 'error') fail(new PaseoError(message.error.code, message.error.message, { url: opts.url }));
      else fail(new PaseoError('protocol_version', `${opts.url} did not answer hello with welcome`, { url: opts.url }));
    });
  });
}

/** One server frame; a `batch` is returned as such for the caller to unwrap in order. */
export function parseServerMessage(data: RawData): WireServerMessage | undefined {
  try {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as WireServerMessage) : undefined;
  } catch {
    return undefined;
  }
}
