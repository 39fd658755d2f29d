/**
 * Stable numbers for the rows of a headless terminal's normal buffer (history + its screen; the alternate screen has
 * no history), so a client can page through history while output arrives: row y has number `first + y`, where `first`
 * counts the rows dropped off the top (the scrollback was full, or ED 3 cleared it). Numbers hold while output
 * arrives; `epoch` changes when rows are renumbered: a resize (reflow) or RIS (a new buffer).
 *
 * xterm.js does not expose how many rows it trimmed; this reads its buffer's internal `lines.onTrim` (xterm.ts)
 * (test/terminal/history-read.test.ts checks it is there). Without it, every write that trims starts a new epoch:
 * correct, only clients refetch more.
 */
import { randomInt } from 'node:crypto';
import type { IDisposable } from '@xterm/headless';
import { normalBufferLines, type HeadlessTerminal } from './xterm.js';

export class HistoryNumbering implements IDisposable {
  private trimmed = 0;
  /**
   * Random at first: a client that paged through an earlier screen of the agent (before a daemon restart, or a resume
   * that gave it a new screen) must not take this one's rows for those.
   */
  private epochNumber = randomInt(2 ** 47);
  private trimSubscription: IDisposable | undefined;
  private watchedLines: unknown;
  private readonly subscriptions: IDisposable[];

  /** `first`: the number of row 0 (rows before it are in the history store, restored from disk). */
  constructor(private readonly term: HeadlessTerminal, first = 0) {
    this.trimmed = first;
    this.watchTrim();
    this.subscriptions = [
      term.onResize(() => this.renumber()),
      // RIS replaces the normal buffer (announced as a switch to it): follow the new one.
      term.buffer.onBufferChange(() => this.watchTrim()),
    ];
    if (!this.trimSubscription) {
      const maxRows = (): number => (term.options.scrollback ?? 0) + term.rows;
      this.subscriptions.push(term.onWriteParsed(() => term.buffer.normal.length >= maxRows() && this.renumber()));
    }
  }

  /** Whether trimmed rows are counted (the xterm.js internal is there). */
  get counting(): boolean {
    return this.trimSubscription !== undefined;
  }

  get epoch(): number {
    return this.epochNumber;
  }

  /** Number of the normal buffer's row 0. */
  get first(): number {
    return this.trimmed;
  }

  dispose(): void {
    this.trimSubscription?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private renumber(): void {
    this.epochNumber++;
  }

  private watchTrim(): void {
    const lines = normalBufferLines(this.term);
    if (lines === undefined || lines === this.watchedLines) return;
    if (this.watchedLines !== undefined) this.renumber();
    this.trimSubscription?.dispose();
    this.watchedLines = lines;
    this.trimSubscription = lines.onTrim((amount) => {
      this.trimmed += amount;
    });
  }
}
