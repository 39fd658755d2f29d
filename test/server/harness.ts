/** Test harness: a real server on 127.0.0.1:0 over the fake service, clients, raw sockets, and headless mirrors. */
import { WebSocket } from 'ws';
import type { TerminalListener } from '../../src/core/api.js';
import type { ClientKind, ServerMessage, TerminalDelta, WireServerMessage, TerminalSnapshot } from '../../src/core/protocol.js';
import { PaseoClient } from '../../src/client/paseo-client.js';
import { startServer, type StartServerOptions } from '../../src/server/start-server.js';
import { createHeadlessTerminal, type HeadlessTerminal } from '../../src/terminal/xterm.js';
import { FakeService } from './fake-service.js';

export interface Harness {
  service: FakeService;
  url: string;
  port: number;
  connect(opts?: { kind?: ClientKind; token?: string; reconnect?: boolean }): Promise<PaseoClient>;
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<StartServerOptions> = {}): Promise<Harness> {
  const service = (opts.service as FakeService | undefined) ?? new FakeService();
  const server = await startServer({ listen: '127.0.0.1:0', version: 'test', home: '/tmp/none', ...opts, service });
  const clients: PaseoClient[] = [];
  return {
    service,
    url: server.url,
    port: server.port,
    async connect(c = {}) {
      const client = await PaseoClient.connect({ url: server.url, kind: c.kind ?? 'test', token: c.token ?? opts.token, reconnect: c.reconnect });
      clients.push(client);
      return client;
    },
    async close() {
      for (const c of clients) c.dispose();
      await server.close();
      service.dispose();
    },
  };
}

/** Polls a condition with a bounded deadline (for effects no event announces). */
export async function waitUntil(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A raw protocol socket for tests that speak (or mis-speak) the wire format directly. */
export class RawClient {
  readonly messages: ServerMessage[] = [];
  closeCode: number | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as WireServerMessage;
      // A batch of deltas is unwrapped in order, as every client does.
      if (m.type === 'batch') this.messages.push(...m.messages);
      else this.messages.push(m);
    });
    ws.on('close', (code) => (this.closeCode = code));
    ws.on('error', () => {});
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false });
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  static async hello(url: string, token?: string): Promise<RawClient> {
    const raw = await RawClient.open(url);
    raw.send({ type: 'hello', protocol: 1, client: { kind: 'test' }, ...(token ? { token } : {}) });
    await raw.next((m) => m.type === 'welcome');
    return raw;
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  async next(pred: (m: ServerMessage) => boolean, what = 'a message'): Promise<ServerMessage> {
    await waitUntil(() => this.messages.some(pred), what);
    return this.messages.find(pred)!;
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A client-side copy of an agent's screen built the way a TUI does: snapshot into a same-size terminal, then deltas in order. */
export class TerminalMirror implements TerminalListener {
  term: HeadlessTerminal | undefined;
  lastSeq = -1;
  snapshots = 0;
  deltas = 0;

  onSnapshot(s: TerminalSnapshot): void {
    this.term?.dispose();
    this.term = createHeadlessTerminal({ cols: s.cols, rows: s.rows, scrollback: 200 }).term;
    this.term.write(s.data);
    this.lastSeq = s.seq;
    this.snapshots++;
  }

  onDelta(d: TerminalDelta): void {
    const term = this.term!;
    this.deltas++;
    this.lastSeq = Math.max(this.lastSeq, d.seq);
    if (d.kind === 'output') term.write(d.data);
    // Resize after everything before it was parsed, as xterm applies resize at once but parses writes later.
    else term.write('', () => term.resize(d.cols, d.rows));
  }

  async settled(seq: number): Promise<void> {
    await waitUntil(() => this.lastSeq >= seq && this.term !== undefined, `mirror at seq ${seq}`);
    await new Promise<void>((r) => this.term!.write('', r));
  }

  dispose(): void {
    this.term?.dispose();
  }
}

/** Every cell's text and colors plus the cursor: enough to say two screens look the same. */
export function screenOf(term: HeadlessTerminal): string[] {
  const buf = term.buffer.active;
  const out = [`size ${term.cols}x${term.rows} cursor ${buf.cursorX},${buf.cursorY} type ${buf.type}`];
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y);
    let row = '';
    for (let x = 0; x < term.cols; x++) {
      const cell = line?.getCell(x);
      row += `${cell?.getChars() || ' '}${cell ? `${cell.getFgColor()}/${cell.getBgColor()}/${cell.isBold()}` : ''}|`;
    }
    out.push(row);
  }
  return out;
}
