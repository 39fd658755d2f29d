/**
 * Runs sends in the order they were asked for, where some must first wait for an asynchronous result (a large
 * snapshot being encoded in pieces): whatever is asked for after such a send waits behind it, nothing overtakes it.
 */
interface Item {
  ready: boolean;
  run: () => void;
}

export class OrderedOutbox {
  private readonly queue: Item[] = [];
  private idleWaiters: (() => void)[] = [];

  /** Runs `send` now, or after whatever is still waiting ahead of it. */
  run(send: () => void): void {
    if (this.queue.length === 0) send();
    else this.queue.push({ ready: true, run: send });
  }

  /** Runs `send` with the value of `pending` once it settled and everything before it has run; a rejection skips it. */
  runAfter<T>(pending: Promise<T>, send: (value: T) => void): void {
    const item: Item = { ready: false, run: () => {} };
    this.queue.push(item);
    pending
      .then(
        (value) => {
          item.run = () => send(value);
        },
        () => {},
      )
      .finally(() => {
        item.ready = true;
        this.drain();
      });
  }

  /** How many sends are waiting. */
  get size(): number {
    return this.queue.length;
  }

  /** Resolves once nothing waits. */
  idle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private drain(): void {
    while (this.queue.length > 0 && this.queue[0]!.ready) {
      const item = this.queue.shift()!;
      try {
        item.run();
      } catch {
        // A send that throws must not strand the ones behind it (socket callbacks never throw).
      }
    }
    if (this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}
