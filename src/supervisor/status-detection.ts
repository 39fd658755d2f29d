/** Runs an adapter's screen detector when output settles and once more after a quiet period: event-driven, so an idle agent costs no CPU. */
import type { ScreenState, StateDetector } from '../core/adapter.js';
import type { Disposable } from '../core/disposable.js';
import { Status } from '../core/constants.js';
import type { Screen } from '../terminal/types.js';

/** Past QUIET_IDLE_MS by this much, so the quiet check sees quietMs >= QUIET_IDLE_MS despite timer jitter. */
const QUIET_MARGIN_MS = 20;

export class StatusDetection implements Disposable {
  private settleTimer: NodeJS.Timeout | undefined;
  private quietTimer: NodeJS.Timeout | undefined;
  private readonly sub: Disposable;
  private disposed = false;

  constructor(
    private readonly screen: Screen,
    private readonly detector: StateDetector,
    private readonly foregroundBusy: () => boolean,
    private readonly onResult: (state: ScreenState) => void,
  ) {
    this.sub = screen.onDidOutput(() => this.arm());
  }

  /** Schedules the settle and quiet checks from now (also used after the supervisor types into the agent). */
  arm(): void {
    if (this.disposed) return;
    this.clear();
    this.settleTimer = setTimeout(() => this.run(), Status.DETECT_DEBOUNCE_MS);
    this.quietTimer = setTimeout(() => this.run(), Status.QUIET_IDLE_MS + QUIET_MARGIN_MS);
    this.settleTimer.unref();
    this.quietTimer.unref();
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
    this.sub.dispose();
  }

  private run(): void {
    if (this.disposed) return;
    let state: ScreenState;
    try {
      state = this.detector.detect({
        view: this.screen.view(),
        quietMs: Date.now() - this.screen.lastOutputAt,
        foregroundBusy: this.foregroundBusy(),
      });
    } catch {
      state = 'unknown';
    }
    this.onResult(state);
  }

  private clear(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.settleTimer = this.quietTimer = undefined;
  }
}
