/**
 * The page's connection to the daemon: one WebSocket at /ws (the device cookie authenticates it), requests with ids,
 * events and viewer frames routed to listeners. It reconnects by itself (backoff up to a few seconds), at once when
 * the page becomes visible again or the network comes back (phones suspend background sockets), and checks a socket
 * that looks open with a request that must answer quickly.
 */
import { PROTOCOL_VERSION, type Methods, type MethodName, type ServerMessage, type WelcomeMessage, type WireError } from '../core/protocol.js';
import type { FrameMessage } from '../core/viewer-protocol.js';

type Frame = ServerMessage | FrameMessage;

export class RequestError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface SocketListener {
  onOpen(welcome: WelcomeMessage): void;
  onClose(why: string): void;
  onEvent(event: unknown): void;
  onFrame(frame: FrameMessage): void;
  onError(error: WireError): void;
}

const BACKOFF_MS = [250, 500, 1000, 2000, 4000];
const PROBE_TIMEOUT_MS = 2500;

export class PageSocket {
  private ws: WebSocket | undefined;
  private ready = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private attempt = 0;
  private retryTimer: number | undefined;
  private stopped = false;
  /** connect() was called: until then (pairing, session check) nothing connects by itself. */
  private started = false;

  constructor(private readonly listener: SocketListener) {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.resync();
    });
    window.addEventListener('online', () => this.resync());
    window.addEventListener('pageshow', () => this.resync());
  }

  get isOpen(): boolean {
    return this.ready;
  }

  connect(): void {
    this.started = true;
    if (this.stopped || this.ws) return;
    if (this.retryTimer !== undefined) window.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION, client: { kind: 'web', name: 'phone' } }));
    ws.onmessage = (ev) => this.onMessage(ws, String(ev.data));
    ws.onclose = (ev) => this.onClosed(ws, ev.reason || `closed (${ev.code})`);
    ws.onerror = () => {
      // onclose follows with the reason.
    };
  }

  /** Stops for good (the device was revoked: reconnecting cannot help). */
  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }

  /** The page is back: a socket that is gone reconnects now; one that looks open must answer a request at once. */
  resync(): void {
    if (this.stopped || !this.started) return;
    if (!this.ws) {
      this.attempt = 0;
      this.connect();
      return;
    }
    if (!this.ready) return;
    const ws = this.ws;
    const timer = window.setTimeout(() => ws.close(4000, 'no answer'), PROBE_TIMEOUT_MS);
    this.request('agent.list', {})
      .catch(() => {})
      .finally(() => window.clearTimeout(timer));
  }

  request<M extends MethodName>(method: M, params: Methods[M]['params'] | Record<string, unknown>): Promise<Methods[M]['result']> {
    const ws = this.ws;
    if (!ws || !this.ready) return Promise.reject(new RequestError('offline', 'offline'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ type: 'request', id, method, params }));
    });
  }

  /** Fire-and-forget messages (input, ack): dropped while offline. */
  send(message: object): void {
    if (this.ws && this.ready) this.ws.send(JSON.stringify(message));
  }

  private onMessage(ws: WebSocket, text: string): void {
    if (ws !== this.ws) return;
    let msg: Frame | { type: 'batch'; messages: Frame[] };
    try {
      msg = JSON.parse(text) as Frame | { type: 'batch'; messages: Frame[] };
    } catch {
      return;
    }
    if (msg.type === 'batch') {
      for (const m of msg.messages) this.dispatch(m);
      return;
    }
    this.dispatch(msg);
  }

  private dispatch(msg: Frame): void {
    switch (msg.type) {
      case 'welcome':
        this.ready = true;
        this.attempt = 0;
        this.listener.onOpen(msg);
        return;
      case 'response': {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new RequestError(msg.error.code, msg.error.message));
        else p.resolve(msg.result);
        return;
      }
      case 'event':
        this.listener.onEvent(msg.event);
        return;
      case 'frame':
        this.listener.onFrame(msg);
        return;
      case 'error':
        this.listener.onError(msg.error);
        return;
      default:
        return;
    }
  }

  private onClosed(ws: WebSocket, why: string): void {
    if (ws !== this.ws) return;
    this.ws = undefined;
    this.ready = false;
    for (const p of this.pending.values()) p.reject(new RequestError('offline', why));
    this.pending.clear();
    this.listener.onClose(why);
    if (this.stopped) return;
    const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)]!;
    this.retryTimer = window.setTimeout(() => this.connect(), delay);
  }
}
