/**
 * One agent's history as scroll mode and search read it: pages fetched from the daemon (`history.read`) as they are
 * needed, never the whole history. Rows carry the daemon's stable numbers, so a page stays valid while output
 * arrives; pages that reached into the live screen (whose rows may still change) are fetched again after output.
 * A reply of another epoch (the daemon renumbered: resize reflow, reset) drops every page.
 */
import type { PaseoApi } from '../../core/api.js';
import { Tui } from '../../core/constants.js';
import { type Disposable } from '../../core/disposable.js';
import { Emitter, type Event } from '../../core/event.js';
import { errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import type { HistoryPage } from '../../core/protocol.js';

const log = createLogger('tui.history');

/** What the daemon last said about the history as a whole. */
export type HistoryInfo = Pick<HistoryPage, 'epoch' | 'first' | 'end' | 'cols' | 'rows' | 'seq'>;

interface Page {
  from: number;
  lines: string[];
  wrapped: boolean[];
  /** Every row of it was history (above the screen) when fetched: it never changes again. */
  settled: boolean;
}

type Format = 'ansi' | 'text';

export class HistoryPages implements Disposable {
  private latest: HistoryInfo | undefined;
  private readonly pages: Record<Format, Map<number, Page>> = { ansi: new Map(), text: new Map() };
  private readonly loading: Record<Format, Map<number, Promise<Page | undefined>>> = { ansi: new Map(), text: new Map() };
  /** Rows scroll mode shows or will soon: their ANSI pages are kept loaded. */
  private window: [number, number] = [0, 0];
  private refreshing = false;
  private refreshAgain = false;
  private disposed = false;
  private readonly changeEmitter = new Emitter<void>();
  private readonly renumberEmitter = new Emitter<{ before: HistoryInfo; after: HistoryInfo }>();
  /** Pages or history info arrived. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;
  /** The daemon renumbered its rows: every page was dropped. */
  readonly onDidRenumber: Event<{ before: HistoryInfo; after: HistoryInfo }> = this.renumberEmitter.event;

  constructor(
    private readonly api: PaseoApi,
    readonly agentId: string,
    private readonly pageLines: Record<Format, number> = { ansi: Tui.SCROLL_PAGE_LINES, text: Tui.SEARCH_PAGE_LINES },
  ) {}

  get info(): HistoryInfo | undefined {
    return this.latest;
  }

  /** The ANSI text of row `n`, if its page is loaded. */
  row(n: number): string | undefined {
    const page = this.pages.ansi.get(this.pageOf('ansi', n));
    return page ? page.lines[n - page.from] : undefined;
  }

  /** Whether row `n` continues the row before (soft wrap), if its page is loaded. */
  wrapped(n: number): boolean | undefined {
    const page = this.pages.ansi.get(this.pageOf('ansi', n));
    return page ? page.wrapped[n - page.from] : undefined;
  }

  /** Keeps the ANSI pages covering rows [start, end) loaded; fires onDidChange as they arrive. */
  want(start: number, end: number): void {
    this.window = [start, end];
    for (const index of this.pageIndexes('ansi', start, end)) if (!this.pages.ansi.has(index)) void this.load('ansi', index);
  }

  /** The plain-text rows of the page holding row `n` (search); fetched unless a settled copy is held. */
  async textPage(n: number): Promise<{ from: number; lines: string[]; wrapped: boolean[] } | undefined> {
    const index = this.pageOf('text', n);
    const held = this.pages.text.get(index);
    if (held?.settled) return held;
    return this.load('text', index);
  }

  /** Fetches just the history's extent (first, end, epoch): at entry, before any page is wanted. */
  async fetchInfo(): Promise<HistoryInfo | undefined> {
    try {
      this.accept(await this.api.readHistory(this.agentId, { count: 0 }));
    } catch (err) {
      log.warn('history.info.failed', { agentId: this.agentId, error: errorMessage(err) });
    }
    return this.latest;
  }

  /** New output: the history grew and rows of the screen may have changed. One refresh at a time, coalesced. */
  refresh(): void {
    if (this.disposed) return;
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    void this.refreshOnce().finally(() => {
      this.refreshing = false;
      if (this.refreshAgain && !this.disposed) {
        this.refreshAgain = false;
        this.refresh();
      }
    });
  }

  dispose(): void {
    this.disposed = true;
    this.changeEmitter.dispose();
    this.renumberEmitter.dispose();
  }

  private async refreshOnce(): Promise<void> {
    const [start, end] = this.window;
    const stale = this.pageIndexes('ansi', start, end).filter((i) => !this.pages.ansi.get(i)?.settled);
    // Unsettled pages the view does not need are fetched again when it does.
    for (const [i, page] of this.pages.ansi) if (!page.settled && !stale.includes(i)) this.pages.ansi.delete(i);
    this.pages.text.forEach((page, i) => !page.settled && this.pages.text.delete(i));
    if (stale.length === 0) await this.fetchInfo();
    else await Promise.all(stale.map((i) => this.load('ansi', i, true)));
  }

  private load(format: Format, index: number, again = false): Promise<Page | undefined> {
    const pending = this.loading[format].get(index);
    if (pending && !again) return pending;
    const size = this.pageLines[format];
    const promise = this.api.readHistory(this.agentId, { fromLine: index * size, count: size, format }).then(
      (reply) => {
        if (this.disposed) return undefined;
        this.accept(reply);
        const settled = reply.from + reply.lines.length === (index + 1) * size && (index + 1) * size <= reply.end - reply.rows;
        const page: Page = { from: reply.from, lines: reply.lines, wrapped: reply.wrapped, settled };
        // A reply from before a renumbering (accept dropped the pages) is not kept.
        if (reply.epoch === this.latest?.epoch) this.pages[format].set(index, page);
        this.changeEmitter.fire();
        return page;
      },
      (err: unknown) => {
        log.warn('history.read.failed', { agentId: this.agentId, format, index, error: errorMessage(err) });
        return undefined;
      },
    );
    const tracked = promise.finally(() => {
      if (this.loading[format].get(index) === tracked) this.loading[format].delete(index);
    });
    this.loading[format].set(index, tracked);
    return tracked;
  }

  private accept(reply: HistoryPage): void {
    const before = this.latest;
    // Replies may come back out of order: never go back to an older state of the same epoch.
    if (before && reply.epoch === before.epoch && reply.seq < before.seq) return;
    const after: HistoryInfo = { epoch: reply.epoch, first: reply.first, end: reply.end, cols: reply.cols, rows: reply.rows, seq: reply.seq };
    this.latest = after;
    if (before && before.epoch !== after.epoch) {
      this.pages.ansi.clear();
      this.pages.text.clear();
      this.renumberEmitter.fire({ before, after });
    }
    if (!before || before.end !== after.end || before.first !== after.first) this.changeEmitter.fire();
  }

  private pageOf(format: Format, n: number): number {
    return Math.floor(n / this.pageLines[format]);
  }

  private pageIndexes(format: Format, start: number, end: number): number[] {
    const first = Math.max(0, this.pageOf(format, Math.max(this.latest?.first ?? 0, start)));
    const last = this.pageOf(format, Math.max(start, Math.min(end, this.latest?.end ?? end) - 1));
    const out: number[] = [];
    for (let i = first; i <= last; i++) out.push(i);
    return out;
  }
}
