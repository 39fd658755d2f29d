/** Gathers PTY output for a few ms so the parser and every client get fewer, larger chunks (VS Code's TerminalDataBufferer). */
import type { Disposable } from '../core/disposable.js';
import { Flow } from '../core/constants.js';

export interface OutputCoalescerOptions {
  onFlush: (data: string) => void;
  delayMs?: number;
  maxChars?: number;
}

export class OutputCoalescer implements Disposable {
  private parts: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly delayMs: number;
  private readonly maxChars: number;

  constructor(private readonly opts: OutputCoalescerOptions) {
    this.delayMs = opts.delayMs ?? Flow.OUTPUT_COALESCE_MS;
    this.maxChars = opts.maxChars ?? Flow.OUTPUT_COALESCE_MAX_CHARS;
  }

  get pendingChars(): number {
    return this.size;
  }

  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    this.parts.push(data);
    this.size += data.length;
    if (this.size >= this.maxChars) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.delayMs);
  }

  /** Hands everything gathered so far to onFlush now (before a resize, on exit). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.size === 0) return;
    const data = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.opts.onFlush(data);
  }

  /** Drops the timer; data not flushed yet is flushed first so nothing is lost. */
  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
  }
}
