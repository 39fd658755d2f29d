/**
 * Gathers PTY output while the parser is busy, so it and every client get fewer, larger chunks under a flood, without
 * delaying anything when the parser is idle: a chunk that arrives while nothing is being parsed is handed over at once
 * (an echo costs 0 ms here), and what arrives while a chunk is being parsed waits for that parse to end
 * (`consumerIdle()`), then goes as one. No timer: a fixed window (it was 5 ms, after VS Code's TerminalDataBufferer)
 * left the parser idle while it waited, a quarter of a `seq` flood's time (the daemon sat in 2–5 ms gaps, the window's
 * timer first to run after most of them).
 */
import type { Disposable } from '../core/disposable.js';
import { Flow } from '../core/constants.js';

export interface OutputCoalescerOptions {
  onFlush: (data: string) => void;
  /** Whether the consumer is still working on what it was handed (the parser has chunks pending). */
  busy: () => boolean;
  maxChars?: number;
}

export class OutputCoalescer implements Disposable {
  private parts: string[] = [];
  private size = 0;
  private disposed = false;
  private readonly maxChars: number;

  constructor(private readonly opts: OutputCoalescerOptions) {
    this.maxChars = opts.maxChars ?? Flow.OUTPUT_COALESCE_MAX_CHARS;
  }

  get pendingChars(): number {
    return this.size;
  }

  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    if (this.size === 0 && !this.opts.busy()) {
      this.opts.onFlush(data);
      return;
    }
    this.parts.push(data);
    this.size += data.length;
    // Bounded latency under a flood: a parse that outlasts this much output does not hold it all back.
    if (this.size >= this.maxChars) this.flush();
  }

  /** The consumer finished what it was handed: what gathered meanwhile goes now, as one chunk. */
  consumerIdle(): void {
    if (!this.disposed) this.flush();
  }

  /** Hands everything gathered so far to onFlush now (before a resize, on exit). */
  flush(): void {
    if (this.size === 0) return;
    const data = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.opts.onFlush(data);
  }

  /** Data not flushed yet is flushed first so nothing is lost; later pushes are ignored. */
  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
  }
}
