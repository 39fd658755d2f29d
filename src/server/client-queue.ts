/**
 * One client's send policy (tmux's lossy-client rule, DESIGN §5): terminal deltas go out only while
 * the socket's unsent bytes stay under a bound; past it the client is "behind", deltas are dropped,
 * and once the socket drained the owner resyncs it with fresh snapshots. Nothing is held here, so
 * memory per client is bounded by the socket's own buffer.
 */
import { Flow } from '../core/constants.js';

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

export type DeltaOutcome = 'sent' | 'dropped' | 'fell-behind';

export class ClientQueue {
  private behind = false;
  private dropped = 0;

  constructor(
    private readonly sink: QueueSink,
    private readonly limits: QueueLimits = {
      maxBytes: Flow.CLIENT_QUEUE_MAX_BYTES,
      resumeBelowBytes: Flow.CLIENT_RESYNC_BELOW_BYTES,
    },
  ) {}

  get isBehind(): boolean {
    return this.behind;
  }

  /** Bytes of deltas discarded since the client last fell behind (for the log line). */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** A lossy terminal delta: sent in order, or dropped once the client is over its bound. */
  sendDelta(frame: string | Buffer): DeltaOutcome {
    const bytes = typeof frame === 'string' ? Buffer.byteLength(frame, 'utf8') : frame.length;
    if (this.behind) {
      this.dropped += bytes;
      return 'dropped';
    }
    if (this.sink.unsentBytes + bytes > this.limits.maxBytes) {
      this.behind = true;
      this.dropped = bytes;
      return 'fell-behind';
    }
    this.sink.send(frame);
    return 'sent';
  }

  /** Replies, events and snapshots always go: they are small, or they are the resync itself. */
  sendControl(frame: string): void {
    this.sink.send(frame);
  }

  /** Poll while behind: true once the socket drained, and the client counts as caught up again. */
  tryResume(): boolean {
    if (!this.behind || this.sink.unsentBytes >= this.limits.resumeBelowBytes) return false;
    this.behind = false;
    return true;
  }
}
