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
  /** Date.now() of the last arm(): each check runs its delay after this. */
  private armedAt = 0;
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

  /**
   * Schedules the settle and quiet checks from now (also used after the supervisor types into the agent). Called
   * for every output chunk, so it only records the time while the checks are pending: a timer that fires early
   * re-arms itself for what is left, instead of every chunk clearing and creating two timers.
   */
  arm(): void {
    if (this.disposed) return;
    this.armedAt = Date.now();
    this.settleTimer ??= this.schedule('settle', Status.DETECT_DEBOUNCE_MS);
    this.quietTimer ??= this.schedule('quiet', Status.QUIET_IDLE_MS + QUIET_MARGIN_MS);
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
    this.sub.dispose();
  }

  private schedule(which: 'settle' | 'quiet', delayMs: number, afterMs: number = delayMs): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (which === 'settle') this.settleTimer = undefined;
      else this.quietTimer = undefined;
      if (this.disposed) return;
      const left = this.armedAt + delayMs - Date.now();
      if (left > 0) {
        const next = this.schedule(which, delayMs, left);
        if (which === 'settle') this.settleTimer = next;
        else this.quietTimer = next;
        return;
      }
      this.run();
    }, afterMs);
    timer.unref();
    return timer;
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
