/**
 * The daemon's screen saves, one at a time, each started on its own event-loop turn. Agents fed at the same instants
 * (a burst of output to all of them) come due at the same instant too: their savers' timers fired in one timers phase
 * and ran every save's serialize back to back, ~60 ms for 100 agents in which no agent's output was read or sent.
 * Queued here, a save's synchronous part (~0.5 ms: serialize the screen, the new history rows, JSON) runs between I/O,
 * and its write overlaps the next one's serialize.
 */
import type { Disposable } from '../core/disposable.js';

export class SaveQueue implements Disposable {
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private turn: NodeJS.Immediate | undefined;
  private disposed = false;

  /** @param maxInFlight saves whose write may be under way at once (libuv's pool has 4 threads). */
  constructor(private readonly maxInFlight = 4) {}

  /** Saves queued or running (tests). */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /** Runs `save` after those queued before it, on a later turn; settles as it does. After dispose it runs at once. */
  run(save: () => Promise<void>): Promise<void> {
    if (this.disposed) return save();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push(() => {
        this.running++;
        save()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.pump();
          });
      });
      this.pump();
    });
  }

  /** Runs whatever is queued now, without waiting for turns (shutdown). */
  dispose(): void {
    this.disposed = true;
    if (this.turn) clearImmediate(this.turn);
    this.turn = undefined;
    for (const start of this.waiting.splice(0)) start();
  }

  private pump(): void {
    if (this.turn || this.disposed || this.running >= this.maxInFlight || this.waiting.length === 0) return;
    this.turn = setImmediate(() => {
      this.turn = undefined;
      this.waiting.shift()?.();
      // The next one on the next turn: I/O (agents' output) is read in between.
      this.pump();
    });
  }
}
