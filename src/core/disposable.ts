/** Explicit lifecycles (the VS Code / xterm.js pattern): anything holding a PTY, timer, listener or socket is a Disposable. */

export interface Disposable {
  dispose(): void;
}

export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/** Owns a set of disposables and disposes them together, newest first. */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
      return item;
    }
    this.items.add(item);
    return item;
  }

  delete(item: Disposable): void {
    if (this.items.delete(item)) item.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const all = [...this.items].reverse();
    this.items.clear();
    for (const item of all) {
      try {
        item.dispose();
      } catch {
        // A failing dispose must not keep the rest alive.
      }
    }
  }
}

/** Base class with a store: `this.register(x)` ties x's life to this object's. */
export abstract class DisposableBase implements Disposable {
  protected readonly store = new DisposableStore();
  protected register<T extends Disposable>(item: T): T {
    return this.store.add(item);
  }
  dispose(): void {
    this.store.dispose();
  }
}
