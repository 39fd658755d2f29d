/**
 * The daemon's local transport: newline-delimited JSON over a unix socket in PASEO_HOME, shaped like the part of a
 * `ws` WebSocket that ClientConnection uses, so both transports share one connection class. Local clients (the TUI,
 * the CLI) use it instead of the loopback WebSocket: no HTTP upgrade, no frame masking, no `ws` module to load; a
 * round trip here took 0.5 ms against 0.8 ms for ws. JSON text never holds a raw newline, so a line is a message.
 * Liveness needs no ping: the kernel closes the socket the moment a local peer dies.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { LineSplitter } from '../core/line-splitter.js';

const NEWLINE_BUF = Buffer.from('\n');
/** WebSocket.OPEN / CLOSED, for ClientConnection's readyState checks. */
const OPEN = 1;
const CLOSED = 3;

export class LineSocket extends EventEmitter {
  private readonly lines: LineSplitter;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    /** A line longer than this closes the connection, as ws closes on an oversized frame. */
    maxLineBytes: number,
  ) {
    super();
    this.lines = new LineSplitter(maxLineBytes);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.emit('error', err));
    socket.on('close', () => {
      this.closed = true;
      this.emit('close');
    });
  }

  get readyState(): number {
    return this.closed || this.socket.destroyed ? CLOSED : OPEN;
  }

  /** Bytes handed to the socket but not yet written to the kernel. */
  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  send(frame: string | Buffer, _opts?: { binary?: boolean }): void {
    if (this.readyState !== OPEN) return;
    this.socket.cork();
    this.socket.write(frame);
    this.socket.write(NEWLINE_BUF);
    this.socket.uncork();
  }

  ping(): void {
    // A local peer that died has closed the socket already; answer for it.
    setImmediate(() => {
      if (!this.closed) this.emit('pong');
    });
  }

  close(_code?: number, _reason?: string): void {
    this.socket.end();
  }

  terminate(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const ok = this.lines.push(chunk, (line) => {
      this.emit('message', line, false);
      return !this.closed;
    });
    if (!ok) this.socket.destroy();
  }
}
