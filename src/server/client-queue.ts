/**
 * One client's send policy (tmux's lossy-client rule, DESIGN §5): terminal deltas go out only while
 * the socket's unsent bytes stay under a bound; past it the client is "behind", deltas are dropped,
 * and once the socket drained the owner resyncs it with fresh snapshots. Nothing is held here beyond
 * one short batch, so memory per client is bounded by the socket's own buffer.
 *
 * Replies, events and snapshots cannot be dropped; everything queued for the client (the socket's unsent bytes, the
 * gathered deltas, and large replies still being encoded, reserved ahead) is held under a hard bound instead. A send
 * that finds the client already past it is not made: the queue closes and tells its sink, which disconnects the
 * client with the reason. So a client holds at most the bound plus one frame, however it floods or stops reading.
 *
 * Batching (when enabled), the output coalescer's rule one level up: the first delta after a quiet
 * window goes out at once (leading edge), deltas that follow within the window are gathered and sent
 * as one `batch` frame when it ends (or with the first delta after it ends, if that comes before the
 * timer could run). A delta of a terminal this client just typed into also goes at
 * once, with anything gathered, so an echo is never held behind other panes' streams. Control frames
 * flush the batch first, so order on the wire is the order of calls.
 */
import { Flow } from '../core/constants.js';
import type { Disposable } from '../core/disposable.js';
import { type BatchEncoder, sharedBatchEncoder } from './batch-encoder.js';

export interface QueueSink {
  /** Bytes handed to the socket but not yet written to the kernel (ws.bufferedAmount). */
  readonly unsentBytes: number;
  /** A text frame: a string, or its UTF-8 bytes (encoded once and shared by every client). */
  send(frame: string | Buffer): void;
  /** The client went past the hard bound with `queuedBytes` queued; nothing more is sent (called once). */
  onOverflow?(queuedBytes: number): void;
}

export interface QueueLimits {
  /** Deltas past this are dropped (the client is behind) until it drains. */
  maxBytes: number;
  resumeBelowBytes: number;
  /** The hard bound on everything queued (default Flow.CLIENT_SEND_MAX_BYTES). */
  maxQueuedBytes?: number;
}

export interface BatchPolicy {
  windowMs: number;
  /** After this client's input to a terminal, its deltas skip the window for this long. */
  echoMs: number;
  maxBytes: number;
}

export const DEFAULT_BATCH: BatchPolicy = {
  windowMs: Flow.CLIENT_BATCH_WINDOW_MS,
  echoMs: Flow.CLIENT_BATCH_ECHO_MS,
  maxBytes: Flow.CLIENT_BATCH_MAX_BYTES,
};

export type DeltaOutcome = 'sent' | 'dropped' | 'fell-behind';

export class ClientQueue implements Disposable {
  private behind = false;
  private dropped = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of frames still being built (large replies encoded in pieces), counted as queued. */
  private reservedBytes = 0;
  private overflowed = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the last frame of deltas went out; the window is open until windowMs after it. */
  private lastFlushAt = -Infinity;
  /** When this client last typed into each terminal. */
  private readonly lastInputAt = new Map<string, number>();

  constructor(
    private readonly sink: QueueSink,
    private readonly limits: QueueLimits = {
      maxBytes: Flow.CLIENT_QUEUE_MAX_BYTES,
      resumeBelowBytes: Flow.CLIENT_RESYNC_BELOW_BYTES,
    },
    private readonly batch: BatchPolicy | undefined = undefined,
    private readonly now: () => number = () => performance.now(),
    /** Builds each batch once for all clients that gathered the same frames (default: the daemon's shared one). */
    private readonly batchEncoder: BatchEncoder = sharedBatchEncoder,
  ) {}

  get isBehind(): boolean {
    return this.behind;
  }

  /** Everything queued for this client: unsent socket bytes, gathered deltas, reserved frames. */
  get queuedBytes(): number {
    return this.sink.unsentBytes + this.pendingBytes + this.reservedBytes;
  }

  /**
   * True once the client is past the hard bound (and from then on): the first time, the queue closes and the sink
   * is told. Callers check it before spending work on a reply (a request is not run for a client that reads nothing).
   */
  checkBound(): boolean {
    if (this.overflowed) return true;
    const queued = this.queuedBytes;
    if (queued <= (this.limits.maxQueuedBytes ?? Flow.CLIENT_SEND_MAX_BYTES)) return false;
    this.overflowed = true;
    this.clearPending();
    this.sink.onOverflow?.(queued);
    return true;
  }

  /**
   * Counts a frame still being built (a large reply encoded in pieces) as queued, so replies in preparation count
   * toward the bound too. Returns the release to call once the frame was sent or given up, or undefined when the
   * client is already past the bound (build nothing).
   */
  reserve(bytes: number): (() => void) | undefined {
    if (this.checkBound()) return undefined;
    this.reservedBytes += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reservedBytes -= bytes;
    };
  }

  /** Bytes of deltas discarded since the client last fell behind (for the log line). */
  get droppedBytes(): number {
    return this.dropped;
  }

  /**
   * A lossy terminal delta: sent in order, or dropped once the client is over its bound. `terminal` names
   * the stream it belongs to; without it (or without batching) the delta goes out at once.
   */
  sendDelta(frame: string | Buffer, terminal?: string): DeltaOutcome {
    const bytes = typeof frame === 'string' ? Buffer.byteLength(frame, 'utf8') : frame.length;
    if (this.overflowed) return 'dropped';
    if (this.behind) {
      this.dropped += bytes;
      return 'dropped';
    }
    if (this.queuedBytes + bytes > this.limits.maxBytes) {
      this.behind = true;
      // What was gathered is dropped with it: the resync snapshot covers it.
      this.dropped = bytes + this.pendingBytes;
      this.clearPending();
      return 'fell-behind';
    }
    if (!this.batch || terminal === undefined) {
      this.flush();
      this.sink.send(frame);
      return 'sent';
    }
    this.pending.push(typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame);
    this.pendingBytes += bytes;
    const t = this.now();
    // Over also when its timer is due but has not run: in one long I/O phase (100 agents' output read in a row) the
    // timer waits for the whole phase, and every delta gathered early in it with it.
    const windowOver = t - this.lastFlushAt >= this.batch.windowMs;
    const echo = t - (this.lastInputAt.get(terminal) ?? -Infinity) < this.batch.echoMs;
    if (windowOver || echo || this.pendingBytes >= this.batch.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlushAt + this.batch.windowMs - t));
    return 'sent';
  }

  /** This client typed into `terminal`: its next deltas are likely the echo, sent without waiting for the window. */
  noteInput(terminal: string): void {
    if (this.batch) this.lastInputAt.set(terminal, this.now());
  }

  /**
   * Replies, events and snapshots are never dropped while the client is under the hard bound; past it nothing goes
   * (the client is being disconnected).
   */
  sendControl(frame: string | Buffer): void {
    if (this.checkBound()) return;
    this.flush();
    this.sink.send(frame);
  }

  /** Sends what is gathered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const frames = this.pending;
    if (frames.length === 0 || this.overflowed) return;
    this.lastFlushAt = this.now();
    this.pending = [];
    this.pendingBytes = 0;
    if (frames.length === 1) {
      this.sink.send(frames[0]!);
      return;
    }
    this.sink.send(this.batchEncoder.encode(frames));
  }

  /** Forget a terminal's input time (unsubscribed). */
  forget(terminal: string): void {
    this.lastInputAt.delete(terminal);
  }

  /** Poll while behind: true once the socket drained, and the client counts as caught up again. */
  tryResume(): boolean {
    if (!this.behind || this.overflowed || this.queuedBytes >= this.limits.resumeBelowBytes) return false;
    this.behind = false;
    return true;
  }

  /** Drops the batch timer and whatever it gathered (the socket is closing). */
  dispose(): void {
    this.clearPending();
    this.lastInputAt.clear();
  }

  private clearPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
