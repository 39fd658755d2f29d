/**
 * Opens one protocol connection: connect, hello, wait for welcome. Failures become typed PaseoErrors. Two transports
 * carry the same JSON messages: the daemon's WebSocket (`ws://…/ws`, any machine) and its unix socket
 * (`unix:<path>`, newline-delimited, this machine: no HTTP upgrade, no masking, and the `ws` module is never loaded).
 */
import net from 'node:net';
import { PaseoError } from '../core/errors.js';
import { LineSplitter } from '../core/line-splitter.js';
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

/** An open connection, whatever carries it. */
export interface ProtocolLink {
  readonly isOpen: boolean;
  send(text: string): void;
  /** Closes gracefully; no callback fires after it. */
  close(): void;
  /** Drops the connection at once; no callback fires after it. */
  terminate(): void;
}

interface TransportHandlers {
  open(): void;
  frame(data: Buffer): void;
  close(): void;
  error(err: PaseoError): void;
}

interface Transport extends ProtocolLink {
  /** Replaces the handlers; an error after the handshake is followed by close. */
  listen(handlers: TransportHandlers): void;
}

/** How long connect + hello may take before the attempt counts as failed. */
const HANDSHAKE_TIMEOUT_MS = 5_000;
const UNIX_PREFIX = 'unix:';

export function unixUrl(socketPath: string): string {
  return `${UNIX_PREFIX}${socketPath}`;
}

export async function openSocket(opts: OpenSocketOptions): Promise<{ link: ProtocolLink; welcome: WelcomeMessage }> {
  const transport = opts.url.startsWith(UNIX_PREFIX) ? unixTransport(opts.url.slice(UNIX_PREFIX.length), opts.url) : await wsTransport(opts.url);
  return handshake(transport, opts);
}

function handshake(transport: Transport, opts: OpenSocketOptions): Promise<{ link: ProtocolLink; welcome: WelcomeMessage }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new PaseoError('timeout', `no welcome from ${opts.url}`, { url: opts.url })), HANDSHAKE_TIMEOUT_MS);
    const fail = (err: PaseoError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      transport.terminate();
      reject(err);
    };
    transport.listen({
      open: () =>
        transport.send(
          JSON.stringify({
            type: 'hello',
            protocol: PROTOCOL_VERSION,
            ...(opts.token !== undefined ? { token: opts.token } : {}),
            client: { kind: opts.kind, ...(opts.name !== undefined ? { name: opts.name } : {}) },
          }),
        ),
      error: fail,
      close: () => fail(new PaseoError('daemon_not_running', `${opts.url} closed the connection during hello`, { url: opts.url })),
      frame: (data) => {
        const message = parseServerMessage(data);
        if (message?.type === 'welcome') {
          settled = true;
          clearTimeout(timer);
          transport.listen({
            open: () => {},
            error: () => {},
            close: () => opts.onClose(),
            frame: (raw) => {
              const next = parseServerMessage(raw);
              if (next?.type === 'batch') {
                for (const m of next.messages) opts.onMessage(m);
              } else if (next) opts.onMessage(next);
            },
          });
          resolve({ link: transport, welcome: message });
          return;
        }
        if (message?.type === 'error') fail(new PaseoError(message.error.code, message.error.message, { url: opts.url }));
        else fail(new PaseoError('protocol_version', `${opts.url} did not answer hello with welcome`, { url: opts.url }));
      },
    });
  });
}

/** A transport from its socket's four operations; after close/terminate no handler is called again. */
function transport(socket: { isOpen(): boolean; send(text: string): void; end(): void; destroy(): void }, setHandlers: (h: TransportHandlers | undefined) => void): Transport {
  let done = false;
  const stop = (how: 'end' | 'destroy') => {
    if (done) return;
    done = true;
    setHandlers(undefined);
    socket[how]();
  };
  return {
    get isOpen() {
      return !done && socket.isOpen();
    },
    send: (text) => {
      if (!done) socket.send(text);
    },
    close: () => stop('end'),
    terminate: () => stop('destroy'),
    listen: (h) => {
      if (!done) setHandlers(h);
    },
  };
}

async function wsTransport(url: string): Promise<Transport> {
  const { WebSocket } = await import('./ws-module.js');
  const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
  let handlers: TransportHandlers | undefined;
  ws.on('unexpected-response', (_req, res) => {
    const status = res.statusCode ?? 0;
    const code = status === 401 || status === 403 ? 'unauthorized' : 'daemon_not_running';
    handlers?.error(new PaseoError(code, `${url} refused the connection (HTTP ${status})`, { url, status }));
  });
  ws.on('error', (err: NodeJS.ErrnoException) => {
    handlers?.error(new PaseoError('daemon_not_running', `no paseo daemon at ${url} (${err.code ?? err.message})`, { url }));
  });
  ws.on('open', () => handlers?.open());
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => handlers?.frame(toBuffer(data)));
  ws.on('close', () => handlers?.close());
  return transport(
    { isOpen: () => ws.readyState === WebSocket.OPEN, send: (text) => ws.send(text), end: () => ws.close(), destroy: () => ws.terminate() },
    (h) => (handlers = h),
  );
}

function unixTransport(socketPath: string, url: string): Transport {
  const socket = net.connect(socketPath);
  socket.setNoDelay(true);
  let handlers: TransportHandlers | undefined;
  let connected = false;
  const lines = new LineSplitter();
  socket.on('connect', () => {
    connected = true;
    handlers?.open();
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    handlers?.error(new PaseoError('daemon_not_running', `no paseo daemon at ${url} (${err.code ?? err.message})`, { url }));
  });
  socket.on('close', () => {
    connected = false;
    handlers?.close();
  });
  socket.on('data', (chunk: Buffer) => {
    lines.push(chunk, (line) => {
      if (!handlers) return false;
      handlers.frame(line);
      return true;
    });
  });
  return transport(
    {
      isOpen: () => connected && !socket.destroyed,
      send: (text) => {
        if (!socket.destroyed) socket.write(`${text}\n`);
      },
      end: () => socket.end(),
      destroy: () => socket.destroy(),
    },
    (h) => (handlers = h),
  );
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** One server frame; a `batch` is returned as such for the caller to unwrap in order. */
export function parseServerMessage(data: Buffer | string): WireServerMessage | undefined {
  try {
    const value = JSON.parse(typeof data === 'string' ? data : data.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as WireServerMessage) : undefined;
  } catch {
    return undefined;
  }
}
