/**
 * Files that are appended to about once a second per agent (screen logs, history files), through descriptors kept
 * open: one write per append instead of open + write + close (on libuv's pool, each a wake-up, and the open ~40 µs of
 * kernel time here). The write itself is synchronous: a few KB into the page cache took ~10 µs here, where handing it
 * to libuv's pool cost two thread wake-ups and, on a loaded 2-core machine, ~80 µs of the main thread's time (a profile
 * of 100 agents saving once a second: 16 % of its samples). It only blocks when the kernel throttles writers (dirty
 * pages past vm.dirty_ratio, gigabytes). At most `max` stay open, the least recently used closed first, so exited
 * agents hold none for long.
 * A file that is about to be replaced (renamed over) or removed is closed first: its descriptor would keep writing to
 * the old inode.
 */
import { close, open, writeSync } from 'node:fs';
import type { Disposable } from '../core/disposable.js';

interface Entry {
  fd: Promise<number>;
  /** Appends under way: the descriptor is not closed under them. */
  busy: number;
  /** Called when the last append under way ends (a close is waiting for it). */
  onIdle: (() => void) | undefined;
}

export class AppendFiles implements Disposable {
  /** In least-recently-used order (a Map keeps insertion order; a use moves an entry to the end). */
  private readonly files = new Map<string, Entry>();
  private readonly closing = new Map<string, Promise<void>>();

  constructor(private readonly max: number) {}

  /** Descriptors open or opening (tests). */
  get openCount(): number {
    return this.files.size;
  }

  /** Appends `text` (the file is created 0600 if missing). Appends to one file must not overlap: callers chain them. */
  async append(file: string, text: string): Promise<void> {
    await this.closing.get(file);
    let entry = this.files.get(file);
    if (entry) this.files.delete(file);
    else entry = { fd: openAppend(file), busy: 0, onIdle: undefined };
    this.files.set(file, entry);
    entry.busy++;
    this.trim();
    try {
      writeAll(await entry.fd, Buffer.from(text, 'utf8'));
    } catch (err) {
      // A descriptor that failed once is not trusted again: the next append opens the file afresh.
      if (this.files.get(file) === entry) {
        this.files.delete(file);
        void this.closeSoon(entry);
      }
      throw err;
    } finally {
      entry.busy--;
      if (entry.busy === 0) entry.onIdle?.();
    }
  }

  /** Closes `file`'s descriptor (before the file is replaced or removed); resolves once it is closed. */
  async close(file: string): Promise<void> {
    const entry = this.files.get(file);
    if (!entry) return this.closing.get(file);
    this.files.delete(file);
    const done = this.closeSoon(entry).finally(() => this.closing.delete(file));
    this.closing.set(file, done);
    return done;
  }

  dispose(): void {
    for (const entry of this.files.values()) void this.closeSoon(entry);
    this.files.clear();
  }

  private trim(): void {
    for (const [file, entry] of this.files) {
      if (this.files.size <= this.max) return;
      if (entry.busy > 0) continue;
      this.files.delete(file);
      void this.closeSoon(entry);
    }
  }

  /** Closes now if idle, else once its last append ends. */
  private async closeSoon(entry: Entry): Promise<void> {
    if (entry.busy > 0) await new Promise<void>((resolve) => (entry.onIdle = resolve));
    await closeEntry(entry);
  }
}

async function closeEntry(entry: Entry): Promise<void> {
  const fd = await entry.fd.catch(() => undefined);
  if (fd === undefined) return;
  await new Promise<void>((resolve) => close(fd, () => resolve()));
}

function openAppend(file: string): Promise<number> {
  return new Promise((resolve, reject) => open(file, 'a', 0o600, (err, fd) => (err ? reject(err) : resolve(fd))));
}

/** Writes all of `buf` (a write may be short, e.g. on a full disk). */
function writeAll(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
}
