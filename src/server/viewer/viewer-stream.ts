/**
 * One viewer of one agent's screen (mosh's sender, DESIGN §5): keeps the state the viewer has (the last frame sent;
 * the transport is ordered), and when the screen changes sends the difference — at most every clamp(RTT/2, 20, 250)
 * ms, the first a few ms after output starts, only while the socket has drained and fewer than two frames await
 * their ack. Intermediate states are skipped: a late frame is just a bigger diff. Nothing is queued here.
 */
import { Viewer } from '../../core/constants.js';
import type { Disposable } from '../../core/disposable.js';
import type { FrameMessage } from '../../core/viewer-protocol.js';
import { diffFrame } from './diff-frame.js';
import type { ScreenSource } from './screen-source.js';
import type { ScreenState } from './screen-state.js';

export interface ViewerSink {
  send(frame: FrameMessage): void;
  /** Bytes of this client not yet handed to the kernel: a frame waits until they are gone. */
  unsentBytes(): number;
}

/** The timer functions the stream uses (tests drive a fake clock). */
export interface ViewerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: ViewerTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class ViewerStream implements Disposable {
  private base: ScreenState | undefined;
  private readonly unacked = new Map<number, number>();
  private rttMs: number = Viewer.INITIAL_RTT_MS;
  private sawAck = false;
  private lastSentAt = -Infinity;
  private timer: unknown;
  private readonly sub: Disposable;
  private disposed = false;

  constructor(
    private readonly agentId: string,
    private readonly source: ScreenSource,
    private readonly sink: ViewerSink,
    /** The frame the viewer says it applied last (a reconnect): diffs start there when the state is still kept. */
    lastFrame?: number,
    private readonly timers: ViewerTimers = REAL_TIMERS,
  ) {
    this.base = lastFrame === undefined ? undefined : source.recall(lastFrame);
    this.sub = source.onDidChange(() => this.schedule());
    // The first frame (a full screen, or the diff since the viewer's last one) goes at once.
    this.trySend();
  }

  /** Smoothed round-trip time from the acks (ms). */
  get rtt(): number {
    return this.rttMs;
  }

  /** The viewer applied frame `id` (and every one before it). */
  ack(id: number): void {
    const sentAt = this.unacked.get(id);
    if (sentAt === undefined) return;
    const sample = this.timers.now() - sentAt;
    this.rttMs = this.sawAck ? 0.875 * this.rttMs + 0.125 * sample : sample;
    this.sawAck = true;
    for (const [frameId, at] of this.unacked) if (at <= sentAt) this.unacked.delete(frameId);
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    this.sub.dispose();
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private interval(): number {
    return Math.min(Viewer.FRAME_MAX_INTERVAL_MS, Math.max(Viewer.FRAME_MIN_INTERVAL_MS, this.rttMs / 2));
  }

  private schedule(): void {
    if (this.disposed || this.timer !== undefined) return;
    const t = this.timers.now();
    const due = this.lastSentAt + this.interval();
    const delay = t >= due ? Viewer.FIRST_FRAME_DELAY_MS : due - t;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.trySend();
    }, delay);
  }

  private trySend(): void {
    if (this.disposed) return;
    const t = this.timers.now();
    for (const [id, at] of this.unacked) if (t - at > Viewer.ACK_TIMEOUT_MS) this.unacked.delete(id);
    // Two frames in flight: the next ack lets it go (ack() reschedules).
    if (this.unacked.size >= Viewer.MAX_UNACKED_FRAMES) return;
    if (this.sink.unsentBytes() > 0) {
      // The last frame is still in the socket: poll for the drain.
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.trySend();
      }, Viewer.DRAIN_POLL_MS);
      return;
    }
    const state = this.source.capture();
    const frame = diffFrame(this.agentId, this.base, state);
    if (!frame) return;
    this.base = state;
    this.unacked.set(state.id, t);
    this.lastSentAt = t;
    this.sink.send(frame);
  }
}
