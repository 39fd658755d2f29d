/**
 * Saves an agent's screen + scrollback to disk, and on demand. A save serializes the screen into .screen and appends
 * the history rows above it that the file does not have yet to .history (Screen.saveState): each row is serialized
 * for the file once; a screen without saveState is snapshotted whole. It holds the agent's output
 * while it runs, so it prefers a pause in the output (SAVE_QUIET_MS), spaced by its cost
 * (SAVE_INTERVAL_MS, SAVE_COST_FACTOR × the last save's time). The history on disk is never older than
 * SAVE_MAX_LAG_MS, though: a program that prints without pause is saved that long (less a save's own duration)
 * after its oldest unsaved output, so a daemon killed at any instant restores all but about its last second.
 * Only timers armed by output: an idle agent costs nothing. With a SaveQueue (the supervisor's, shared by every agent)
 * a due save waits its turn there, and that wait counts in its duration.
 */
import type { Disposable } from '../core/disposable.js';
import { Snapshot } from '../core/constants.js';
import { createLogger } from '../core/log.js';
import type { HistoryFileCursor, Screen } from '../terminal/types.js';
import type { SavedHistory, SavedScreen } from './agent-store.js';
import type { SaveQueue } from './save-queue.js';

const log = createLogger('screen-saver');

export class ScreenSaver implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private dirty = false;
  /** Date.now() when the oldest unsaved output arrived (0 when nothing is unsaved). */
  private dirtySince = 0;
  private lastSaveAt = 0;
  /** How long the last snapshot held the agent's output, and the whole last save took (to disk). */
  private lastCostMs = 0;
  private lastDurationMs = 0;
  private readonly sub: Disposable;
  private disposed = false;
  /** What the history file holds after the last save; undefined: the next save rewrites it. */
  private cursor: HistoryFileCursor | undefined;

  private readonly now: () => number;
  private readonly queue: SaveQueue | undefined;

  constructor(
    private readonly screen: Screen,
    private readonly scrollbackLines: number,
    private readonly write: (screen: SavedScreen, history?: SavedHistory) => Promise<void>,
    opts: { queue?: SaveQueue; now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.queue = opts.queue;
    this.sub = screen.onDidOutput(() => this.schedule());
  }

  /** Saves now (after any save in flight); resolves when it is on disk. */
  async saveNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.saving) await this.saving;
    this.dirty = false;
    this.dirtySince = 0;
    const queuedAt = this.now();
    const save = (): Promise<void> => this.doSave(queuedAt);
    this.saving = (this.queue ? this.queue.run(save) : save()).finally(() => {
      this.saving = undefined;
    });
    await this.saving;
    if (this.dirty && !this.disposed) this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.sub.dispose();
  }

  private schedule(): void {
    this.dirty = true;
    if (this.dirtySince === 0) this.dirtySince = this.now();
    if (this.disposed || this.timer || this.saving) return;
    this.arm(this.nextCheckAt(this.now()) - this.now());
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.onTimer(), Math.max(1, delayMs));
    this.timer.unref();
  }

  /** When the bound needs a save: the oldest unsaved output is on disk SAVE_MAX_LAG_MS after it arrived. */
  private deadline(): number {
    // A save never starts sooner after the last than that one took: snapshots hold output at most half the time.
    return Math.max(this.dirtySince + Snapshot.SAVE_MAX_LAG_MS - this.lastDurationMs, this.lastSaveAt + this.lastDurationMs);
  }

  /** When a pause may be saved: spaced by the interval and by the last save's cost. */
  private spacedAt(): number {
    return this.lastSaveAt + Math.max(Snapshot.SAVE_INTERVAL_MS, this.lastCostMs * Snapshot.SAVE_COST_FACTOR);
  }

  private nextCheckAt(now: number): number {
    const quietAt = Math.max(now, this.screen.lastOutputAt + Snapshot.SAVE_QUIET_MS);
    return Math.min(Math.max(quietAt, this.spacedAt()), this.deadline());
  }

  private onTimer(): void {
    this.timer = undefined;
    if (this.disposed) return;
    const now = this.now();
    const paused = now - this.screen.lastOutputAt >= Snapshot.SAVE_QUIET_MS && now >= this.spacedAt();
    if (paused || now >= this.deadline()) {
      void this.saveNow();
      return;
    }
    this.arm(this.nextCheckAt(now) - now);
  }

  private async doSave(t0: number): Promise<void> {
    const started = this.now();
    try {
      if (this.screen.saveState) {
        const { snap, history } = await this.screen.saveState(this.cursor);
        this.lastCostMs = this.now() - started;
        // Unknown until it is on disk: a failed append must become a rewrite.
        this.cursor = undefined;
        const saved = { cols: snap.cols, rows: snap.rows, seq: snap.seq, data: snap.data, historyEnd: snap.historyEnd, liveWrapped: snap.liveWrapped };
        await this.write(saved, history);
        this.cursor = history.cursor;
        return;
      }
      const snap = await this.screen.snapshot({ scrollbackLines: this.scrollbackLines });
      this.lastCostMs = this.now() - started;
      // The atomic write runs on libuv's pool (write, fsync, rename); only the JSON is built on this thread.
      await this.write({ cols: snap.cols, rows: snap.rows, seq: snap.seq, data: snap.data });
    } catch (err) {
      log.warn('screen.save-failed', { error: String(err) });
    } finally {
      this.lastSaveAt = this.now();
      this.lastDurationMs = this.lastSaveAt - t0;
    }
  }
}
