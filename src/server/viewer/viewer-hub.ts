/**
 * The daemon's viewer streams: one ScreenSource per agent being viewed (shared, opened on the first viewer and closed
 * with the last), and per connection its ViewerStreams by agent.
 */
import type { PaseoApi } from '../../core/api.js';
import { Viewer } from '../../core/constants.js';
import type { Disposable } from '../../core/disposable.js';
import { ScreenSource } from './screen-source.js';
import { ViewerStream, type ViewerSink } from './viewer-stream.js';

interface Entry {
  source: Promise<ScreenSource>;
  users: number;
  /** Disposes the source once no viewer came back for a while. */
  linger: NodeJS.Timeout | undefined;
}

export class ViewerHub implements Disposable {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly service: Pick<PaseoApi, 'subscribeTerminal'>) {}

  /** The agent's shared source; release it when done. Rejects (and holds nothing) when the agent cannot be subscribed. */
  async acquire(agentId: string): Promise<{ source: ScreenSource; release: () => void }> {
    let entry = this.entries.get(agentId);
    if (!entry) {
      entry = { source: ScreenSource.open(this.service, agentId), users: 0, linger: undefined };
      this.entries.set(agentId, entry);
      const created = entry;
      created.source.catch(() => this.entries.get(agentId) === created && this.entries.delete(agentId));
    }
    entry.users++;
    if (entry.linger) clearTimeout(entry.linger);
    entry.linger = undefined;
    const held = entry;
    let source: ScreenSource;
    try {
      source = await held.source;
    } catch (err) {
      held.users--;
      throw err;
    }
    let released = false;
    return {
      source,
      release: () => {
        if (released) return;
        released = true;
        if (--held.users > 0 || this.entries.get(agentId) !== held) return;
        // Kept a while: a phone that reconnects names its last frame, and gets a diff only while the states are here.
        held.linger = setTimeout(() => {
          if (held.users > 0 || this.entries.get(agentId) !== held) return;
          this.entries.delete(agentId);
          source.dispose();
        }, Viewer.SOURCE_LINGER_MS);
        held.linger.unref();
      },
    };
  }

  /** Agents with a source open now (tests). */
  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      if (entry.linger) clearTimeout(entry.linger);
      entry.source.then((s) => s.dispose(), () => {});
    }
    this.entries.clear();
  }
}

/** One connection's viewer streams. */
export class ClientViewers implements Disposable {
  /** A slot is replaced by a newer subscribe: an acquire that finishes for a replaced slot releases at once. */
  private readonly streams = new Map<string, { stream: ViewerStream | undefined; release: (() => void) | undefined }>();

  constructor(
    private readonly hub: ViewerHub,
    private readonly sink: ViewerSink,
  ) {}

  async subscribe(agentId: string, lastFrame: number | undefined): Promise<void> {
    this.unsubscribe(agentId);
    const slot = { stream: undefined as ViewerStream | undefined, release: undefined as (() => void) | undefined };
    this.streams.set(agentId, slot);
    let held: Awaited<ReturnType<ViewerHub['acquire']>>;
    try {
      held = await this.hub.acquire(agentId);
    } catch (err) {
      if (this.streams.get(agentId) === slot) this.streams.delete(agentId);
      throw err;
    }
    if (this.streams.get(agentId) !== slot) return held.release();
    slot.release = held.release;
    slot.stream = new ViewerStream(agentId, held.source, this.sink, lastFrame);
  }

  ack(agentId: string, id: number): void {
    this.streams.get(agentId)?.stream?.ack(id);
  }

  unsubscribe(agentId: string): void {
    const slot = this.streams.get(agentId);
    if (!slot) return;
    this.streams.delete(agentId);
    slot.stream?.dispose();
    slot.release?.();
  }

  dispose(): void {
    for (const agentId of [...this.streams.keys()]) this.unsubscribe(agentId);
  }
}
