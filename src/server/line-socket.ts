/**
 * The daemon's local transport: newline-delimited JSON over a unix socket in PASEO_HOME, shaped like the part of a
 * `ws` WebSocket that ClientConnection uses, so both transports share one connection class. Local clients (the TUI,
 * the CLI) use it instead of the loopback WebSocket: no HTTP upgrade, no frame masking, no `ws` module to load; a
 * round trip here took 0.5 ms against 0.8 ms for ws. JSON text never holds a raw newline, so a line is a message.
 * Liveness needs no ping: the kernel closes the socket the moment a local peer dies.
 *
 * A line over the bound is not buffered further: reading stops and `oversize` is emitted, so the connection can say
 * `too_large` before it closes (as it does for an oversized WebSocket message).
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { LineSplitter } from '../core/line-splitter.js';

const NEWLINE_BUF = Buffer.from('\n');
/** WebSocket.OPEN / CLOSING / CLOSED, for ClientConnection's readyState checks. */
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

export class LineSocket extends EventEmitter {
  private readonly lines: LineSplitter;
  private closed = false;
  /** close() was called: nothing more is sent. */
  private ending = false;
  /** close() or an oversized line: nothing more is read. */
  private stopped = false;

  constructor(
    private readonly socket: Socket,
    /** A line longer than this stops reading and emits `oversize`. */
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
    if (this.closed || this.socket.destroyed) return CLOSED;
    return this.ending ? CLOSING : OPEN;
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

  /**
   * Ends our side once what was sent is flushed, then lets go of the descriptor: a peer that keeps its half open (never
   * ends) would otherwise hold it for as long as it likes. A peer that never reads is the owner's to terminate.
   */
  close(_code?: number, _reason?: string): void {
    if (this.ending) return;
    this.stopped = true;
    this.ending = true;
    if (this.socket.destroyed) return;
    this.socket.end(() => this.socket.destroy());
  }

  terminate(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.stopped) return;
    const ok = this.lines.push(chunk, (line) => {
      this.emit('message', line, false);
      return !this.closed && !this.stopped;
    });
    if (ok) return;
    this.stopped = true;
    this.socket.pause();
    this.emit('oversize');
  }
}
