/**
 * Saves an agent's screen + scrollback to disk, and on demand. A save serializes the whole history
 * and holds the agent's output while it runs, so it waits for output to pause (SAVE_QUIET_MS): a
 * flood is never interrupted by saves, except once per SAVE_MAX_DEFER_MS. Saves are at least
 * SAVE_INTERVAL_MS apart, and further when they are costly (SAVE_COST_FACTOR × the last save's time).
 * Only timers armed by output: an idle agent costs nothing.
 */
import type { Disposable } from '../core/disposable.js';
import { Snapshot } from '../core/constants.js';
import { createLogger } from '../core/log.js';
import type { Screen } from '../terminal/types.js';
import type { SavedScreen } from './agent-store.js';

const log = createLogger('screen-saver');

export class ScreenSaver implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private dirty = false;
  /** Date.now() when the oldest unsaved output arrived (0 when nothing is unsaved). */
  private dirtySince = 0;
  private lastSaveAt = 0;
  private lastCostMs = 0;
  private readonly sub: Disposable;
  private disposed = false;

  constructor(
    private readonly screen: Screen,
    private readonly scrollbackLines: number,
    private readonly write: (screen: SavedScreen) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    this.sub = screen.onDidOutput(() => this.schedule());
  }

  /** Saves now (after any save in flight); resolves when it is on disk. */
  async saveNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.saving) await this.saving;
    this.dirty = false;
    this.dirtySince = 0;
    this.saving = this.doSave().finally(() => {
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
    const interval = Math.max(Snapshot.SAVE_INTERVAL_MS, this.lastCostMs * Snapshot.SAVE_COST_FACTOR);
    this.arm(Math.max(Snapshot.SAVE_QUIET_MS, this.lastSaveAt + interval - this.now()));
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.onTimer(), delayMs);
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = undefined;
    if (this.disposed) return;
    const now = this.now();
    const quietMs = now - this.screen.lastOutputAt;
    // Still printing: wait for a pause, but not forever (a program that never stops still gets saved now and then).
    if (quietMs < Snapshot.SAVE_QUIET_MS && now - this.dirtySince < Snapshot.SAVE_MAX_DEFER_MS) {
      this.arm(Snapshot.SAVE_QUIET_MS - quietMs);
      return;
    }
    void this.saveNow();
  }

  private async doSave(): Promise<void> {
    const t0 = this.now();
    try {
      const snap = await this.screen.snapshot({ scrollbackLines: this.scrollbackLines });
      this.lastCostMs = this.now() - t0;
      await this.write({ cols: snap.cols, rows: snap.rows, seq: snap.seq, data: snap.data });
    } catch (err) {
      log.warn('screen.save-failed', { error: String(err) });
    } finally {
      this.lastSaveAt = this.now();
    }
  }
}
