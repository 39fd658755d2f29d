/**
 * One client's send policy (tmux's lossy-client rule, DESIGN §5): terminal deltas go out only while
 * the socket's unsent bytes stay under a bound; past it the client is "behind", deltas are dropped,
 * and once the socket drained the owner resyncs it with fresh snapshots. Nothing is held here beyond
 * one short batch, so memory per client is bounded by the socket's own buffer.
 *
 * Batching (when enabled): a delta from a terminal that was quiet goes out at once, together with
 * anything gathered; deltas of terminals that keep streaming are gathered for a window and sent as
 * one `batch` frame. Control frames flush the batch first, so order on the wire is the order of calls.
 */
import { Flow } from '../core/constants.js';
import type { Disposable } from '../core/disposable.js';

export interface QueueSink {
  /** Bytes handed to the socket but not yet written to the kernel (ws.bufferedAmount). */
  readonly unsentBytes: number;
  /** A text frame: a string, or its UTF-8 bytes (encoded once and shared by every client). */
  send(frame: string | Buffer): void;
}

export interface QueueLimits {
  maxBytes: number;
  resumeBelowBytes: number;
}

export interface BatchPolicy {
  windowMs: number;
  quietMs: number;
  maxBytes: number;
}

export const DEFAULT_BATCH: BatchPolicy = {
  windowMs: Flow.CLIENT_BATCH_WINDOW_MS,
  quietMs: Flow.CLIENT_BATCH_QUIET_MS,
  maxBytes: Flow.CLIENT_BATCH_MAX_BYTES,
};

export type DeltaOutcome = 'sent' | 'dropped' | 'fell-behind';

const BATCH_HEAD = Buffer.from('{"type":"batch","messages":[');
const BATCH_SEP = Buffer.from(',');
const BATCH_TAIL = Buffer.from(']}');

export class ClientQueue implements Disposable {
  private behind = false;
  private dropped = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() of each terminal's last delta, to tell a stream from a lone chunk. */
  private readonly lastDeltaAt = new Map<string, number>();

  constructor(
    private readonly sink: QueueSink,
    private readonly limits: QueueLimits = {
      maxBytes: Flow.CLIENT_QUEUE_MAX_BYTES,
      resumeBelowBytes: Flow.CLIENT_RESYNC_BELOW_BYTES,
    },
    private readonly batch: BatchPolicy | undefined = undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get isBehind(): boolean {
    return this.behind;
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
    if (this.behind) {
      this.dropped += bytes;
      return 'dropped';
    }
    if (this.sink.unsentBytes + this.pendingBytes + bytes > this.limits.maxBytes) {
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
    const t = this.now();
    const last = this.lastDeltaAt.get(terminal);
    this.lastDeltaAt.set(terminal, t);
    this.pending.push(typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame);
    this.pendingBytes += bytes;
    const streaming = last !== undefined && t - last < this.batch.quietMs;
    if (!streaming || this.pendingBytes >= this.batch.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.batch.windowMs);
    return 'sent';
  }

  /** Replies, events and snapshots always go: they are small, or they are the resync itself. */
  sendControl(frame: string): void {
    this.flush();
    this.sink.send(frame);
  }

  /** Sends what is gathered now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const frames = this.pending;
    if (frames.length === 0) return;
    this.pending = [];
    this.pendingBytes = 0;
    if (frames.length === 1) {
      this.sink.send(frames[0]!);
      return;
    }
    const parts: Buffer[] = [BATCH_HEAD];
    frames.forEach((f, i) => parts.push(...(i > 0 ? [BATCH_SEP, f] : [f])));
    parts.push(BATCH_TAIL);
    this.sink.send(Buffer.concat(parts));
  }

  /** Forget a terminal's stream state (unsubscribed). */
  forget(terminal: string): void {
    this.lastDeltaAt.delete(terminal);
  }

  /** Poll while behind: true once the socket drained, and the client counts as caught up again. */
  tryResume(): boolean {
    if (!this.behind || this.sink.unsentBytes >= this.limits.resumeBelowBytes) return false;
    this.behind = false;
    return true;
  }

  /** Drops the batch timer and whatever it gathered (the socket is closing). */
  dispose(): void {
    this.clearPending();
    this.lastDeltaAt.clear();
  }

  private clearPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
