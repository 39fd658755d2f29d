/** Saves an agent's screen + scrollback to disk at most every SAVE_INTERVAL_MS while it prints, and on demand. */
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
  private lastSaveAt = 0;
  private readonly sub: Disposable;
  private disposed = false;

  constructor(
    private readonly screen: Screen,
    private readonly scrollbackLines: number,
    private readonly write: (screen: SavedScreen) => Promise<void>,
  ) {
    this.sub = screen.onDidOutput(() => this.schedule());
  }

  /** Saves now (after any save in flight); resolves when it is on disk. */
  async saveNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.saving) await this.saving;
    this.dirty = false;
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
    if (this.disposed || this.timer || this.saving) return;
    const delay = Math.max(0, this.lastSaveAt + Snapshot.SAVE_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => void this.saveNow(), delay);
    this.timer.unref();
  }

  private async doSave(): Promise<void> {
    try {
      const snap = await this.screen.snapshot({ scrollbackLines: this.scrollbackLines });
      await this.write({ cols: snap.cols, rows: snap.rows, seq: snap.seq, data: snap.data });
    } catch (err) {
      log.warn('screen.save-failed', { error: String(err) });
    } finally {
      this.lastSaveAt = Date.now();
    }
  }
}
