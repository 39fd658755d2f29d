/**
 * Keeps one AgentMirror subscribed per visible agent: subscribes new ones, unsubscribes hidden ones.
 * Subscribes go out at most Tui.MIRROR_SUBSCRIBES_IN_FLIGHT at a time (in the order the panes were asked for), so a
 * screen of many panes never runs into the daemon's per-connection request limit; a refused one is tried again later.
 */
import type { PaseoApi } from '../core/api.js';
import { type Disposable } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { Snapshot, Tui } from '../core/constants.js';
import { AgentMirror } from './agent-mirror.js';

const log = createLogger('tui.mirrors');

interface Entry {
  mirror: AgentMirror;
  subscription: Disposable | undefined;
  cancelled: boolean;
  /** A subscribe for it is in flight. */
  subscribing: boolean;
  /** Failed subscribes so far: the next retry waits longer. */
  failures: number;
  retryTimer: NodeJS.Timeout | undefined;
}

export class MirrorSet implements Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Agents whose subscribe waits for a free slot, oldest first. */
  private readonly queue: string[] = [];
  private inFlight = 0;
  private readonly changeEmitter = new Emitter<string>();
  private readonly errorEmitter = new Emitter<{ agentId: string; message: string }>();
  readonly onDidChange: Event<string> = this.changeEmitter.event;
  readonly onDidFail: Event<{ agentId: string; message: string }> = this.errorEmitter.event;

  constructor(private readonly api: PaseoApi) {}

  get(agentId: string): AgentMirror | undefined {
    return this.entries.get(agentId)?.mirror;
  }

  /** Makes the subscribed set exactly `agentIds`. */
  reconcile(agentIds: readonly string[]): void {
    const wanted = new Set(agentIds);
    for (const [id, entry] of this.entries) if (!wanted.has(id)) this.drop(id, entry);
    for (const id of wanted) if (!this.entries.has(id)) this.add(id);
  }

  markAllStale(): void {
    for (const entry of this.entries.values()) entry.mirror.markStale();
  }

  private add(agentId: string): void {
    const mirror = new AgentMirror(agentId);
    const entry: Entry = { mirror, subscription: undefined, cancelled: false, subscribing: false, failures: 0, retryTimer: undefined };
    this.entries.set(agentId, entry);
    mirror.onDidChange((id) => this.changeEmitter.fire(id));
    this.enqueue(agentId);
  }

  private enqueue(agentId: string): void {
    this.queue.push(agentId);
    this.pump();
  }

  /** Starts queued subscribes while slots are free; ones dropped meanwhile are skipped. */
  private pump(): void {
    while (this.inFlight < Tui.MIRROR_SUBSCRIBES_IN_FLIGHT && this.queue.length > 0) {
      const agentId = this.queue.shift() as string;
      const entry = this.entries.get(agentId);
      if (entry && !entry.cancelled && !entry.subscription && !entry.subscribing) this.subscribe(agentId, entry);
    }
  }

  private subscribe(agentId: string, entry: Entry): void {
    const { mirror } = entry;
    this.inFlight++;
    entry.subscribing = true;
    this.api
      .subscribeTerminal(
        agentId,
        { onSnapshot: (s) => mirror.applySnapshot(s), onDelta: (d) => mirror.applyDelta(d) },
        { scrollbackLines: Snapshot.SUBSCRIBE_SCROLLBACK_LINES },
      )
      .then(
        (subscription) => {
          if (entry.cancelled) subscription.dispose();
          else entry.subscription = subscription;
        },
        (err: unknown) => {
          log.warn('subscribe.failed', { agentId, error: errorMessage(err) });
          if (!entry.cancelled && this.entries.get(agentId) === entry) this.retryLater(agentId, entry);
          this.errorEmitter.fire({ agentId, message: errorMessage(err) });
        },
      )
      .finally(() => {
        entry.subscribing = false;
        this.inFlight--;
        this.pump();
      });
  }

  /** The agent may be starting, the daemon busy or reconnecting: while the pane is shown, its subscribe is tried again. */
  private retryLater(agentId: string, entry: Entry): void {
    const delay = Math.min(Tui.MIRROR_RETRY_MAX_MS, Tui.MIRROR_RETRY_MS * 2 ** entry.failures);
    entry.failures++;
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      if (!entry.cancelled) this.enqueue(agentId);
    }, delay);
    entry.retryTimer.unref?.();
  }

  private drop(agentId: string, entry: Entry): void {
    entry.cancelled = true;
    if (entry.retryTimer) clearTimeout(entry.retryTimer);
    entry.subscription?.dispose();
    entry.mirror.dispose();
    this.entries.delete(agentId);
  }

  dispose(): void {
    for (const [id, entry] of this.entries) this.drop(id, entry);
    this.queue.length = 0;
    this.changeEmitter.dispose();
    this.errorEmitter.dispose();
  }
}
