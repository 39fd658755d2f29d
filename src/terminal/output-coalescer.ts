/**
 * Gathers PTY output so the parser and every client get fewer, larger chunks (VS Code's
 * TerminalDataBufferer), without delaying a lone chunk: the first chunk after a quiet period is
 * handed over at once (leading edge, so a keystroke's echo is not held for the window) and opens a
 * window of delayMs; chunks arriving inside the window are gathered and flushed when it ends, which
 * opens the next window. The window is a timestamp, not a timer: a timer runs only while something
 * is gathered, so a program printing one chunk every 10 ms costs one wake-up per chunk, not two,
 * and an idle terminal has no timer.
 */
import type { Disposable } from '../core/disposable.js';
import { Flow } from '../core/constants.js';

export interface OutputCoalescerOptions {
  onFlush: (data: string) => void;
  delayMs?: number;
  maxChars?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

export class OutputCoalescer implements Disposable {
  private parts: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  /** When the current window opened (the last flush); -Infinity: no window, the next chunk is a leading edge. */
  private windowStart = -Infinity;
  private disposed = false;
  private readonly now: () => number;
  private readonly delayMs: number;
  private readonly maxChars: number;

  constructor(private readonly opts: OutputCoalescerOptions) {
    this.delayMs = opts.delayMs ?? Flow.OUTPUT_COALESCE_MS;
    this.maxChars = opts.maxChars ?? Flow.OUTPUT_COALESCE_MAX_CHARS;
    this.now = opts.now ?? Date.now;
  }

  get pendingChars(): number {
    return this.size;
  }

  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    const t = this.now();
    if (this.timer === undefined && t - this.windowStart >= this.delayMs) {
      // Quiet until now: pass it straight through and coalesce only what follows it closely.
      this.windowStart = t;
      this.opts.onFlush(data);
      return;
    }
    this.parts.push(data);
    this.size += data.length;
    if (this.size >= this.maxChars) this.flushParts();
    else this.timer ??= setTimeout(() => this.onWindowEnd(), Math.max(0, this.windowStart + this.delayMs - t));
  }

  /** Hands everything gathered so far to onFlush now (before a resize, on exit); the next chunk is a leading edge again. */
  flush(): void {
    this.flushParts();
    this.windowStart = -Infinity;
  }

  /** Drops the timer; data not flushed yet is flushed first so nothing is lost. */
  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
  }

  private onWindowEnd(): void {
    this.timer = undefined;
    if (this.disposed) return;
    // Output kept coming during the window: flush it, which opens the next window.
    this.flushParts();
  }

  private flushParts(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.size === 0) return;
    this.windowStart = this.now();
    const data = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.opts.onFlush(data);
  }
}
