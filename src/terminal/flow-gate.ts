/**
 * Flow control between a PTY and the headless parser: counts chars handed to the sink but not yet
 * parsed, pauses the source above the high watermark and resumes it below the low one. xterm.js
 * discards input once 50 MB is pending, so without this a flood would lose output.
 */
import { Flow } from '../core/constants.js';

export interface PausableSource {
  pause(): void;
  resume(): void;
}

/** Takes data in order and calls done once it is consumed (parsed). */
export interface AsyncSink {
  write(data: string, done: () => void): void;
}

export interface FlowGateOptions {
  highChars?: number;
  lowChars?: number;
  /** Called each time the sink has consumed everything it was given. */
  onIdle?: () => void;
}

export class FlowGate {
  private pending = 0;
  private paused = false;
  private pauses = 0;
  private readonly high: number;
  private readonly low: number;
  private readonly onIdle: (() => void) | undefined;

  constructor(
    private readonly source: PausableSource,
    private readonly sink: AsyncSink,
    opts: FlowGateOptions = {},
  ) {
    this.high = opts.highChars ?? Flow.PTY_PAUSE_HIGH_CHARS;
    this.low = opts.lowChars ?? Flow.PTY_RESUME_LOW_CHARS;
    this.onIdle = opts.onIdle;
  }

  get pendingChars(): number {
    return this.pending;
  }

  /** How many times the source was paused. */
  get pauseCount(): number {
    return this.pauses;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  write(data: string): void {
    const size = data.length;
    this.pending += size;
    if (!this.paused && this.pending > this.high) {
      this.paused = true;
      this.pauses++;
      this.source.pause();
    }
    this.sink.write(data, () => this.consumed(size));
  }

  private consumed(size: number): void {
    this.pending -= size;
    if (this.paused && this.pending < this.low) {
      this.paused = false;
      this.source.resume();
    }
    if (this.pending === 0) this.onIdle?.();
  }
}
