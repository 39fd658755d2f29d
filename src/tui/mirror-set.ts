/**
 * Keeps one AgentMirror subscribed per visible agent: subscribes new ones, unsubscribes hidden ones.
 * Subscribes go out at most Tui.MIRROR_SUBSCRIBES_IN_FLIGHT at a time (in the order the panes were asked for), so a
 * screen of many panes never runs into the daemon's per-connection request limit; a refused one is tried again later.
 * Mirrors hold the screen only (no history); after a PTY resize the agent is subscribed again for a fresh snapshot,
 * and the old subscription keeps the pane live until that snapshot has replaced it.
 */
import type { PaseoApi, TerminalListener } from '../core/api.js';
import { type Disposable } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { Tui } from '../core/constants.js';
import { AgentMirror } from './agent-mirror.js';

const log = createLogger('tui.mirrors');

interface Entry {
  mirror: AgentMirror;
  /** Subscriptions by generation: the live one, and older ones until a newer snapshot arrives. */
  subscriptions: Map<number, Disposable>;
  cancelled: boolean;
  /** A (re)subscribe is wanted: new pane, resized PTY, or a refused attempt. */
  wanted: boolean;
  /** A subscribe for it is in flight. */
  subscribing: boolean;
  /** Generation of the latest subscribe sent, and of the one whose snapshot the mirror shows. */
  generation: number;
  shown: number;
  /** Failed subscribes in a row: the next retry waits longer. */
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
    const entry: Entry = { mirror, subscriptions: new Map(), cancelled: false, wanted: false, subscribing: false, generation: 0, shown: 0, failures: 0, retryTimer: undefined };
    this.entries.set(agentId, entry);
    mirror.onDidChange((id) => this.changeEmitter.fire(id));
    mirror.onDidResize(() => this.request(agentId, entry));
    this.request(agentId, entry);
  }

  /** Asks for a (fresh) subscription; one already queued or in flight covers it, or is followed by another. */
  private request(agentId: string, entry: Entry): void {
    if (entry.cancelled || entry.wanted) return;
    entry.wanted = true;
    if (entry.subscribing || entry.retryTimer) return;
    this.queue.push(agentId);
    this.pump();
  }

  /** Starts queued subscribes while slots are free; ones dropped meanwhile are skipped. */
  private pump(): void {
    while (this.inFlight < Tui.MIRROR_SUBSCRIBES_IN_FLIGHT && this.queue.length > 0) {
      const agentId = this.queue.shift() as string;
      const entry = this.entries.get(agentId);
      if (entry && !entry.cancelled && entry.wanted && !entry.subscribing) this.subscribe(agentId, entry);
    }
  }

  private subscribe(agentId: string, entry: Entry): void {
    const { mirror } = entry;
    const generation = ++entry.generation;
    entry.wanted = false;
    entry.subscribing = true;
    this.inFlight++;
    const listener: TerminalListener = {
      onSnapshot: (s) => {
        // Only the latest subscription's snapshot (an older stream may be sent the same one); from here on its deltas.
        if (entry.cancelled || generation !== entry.generation) return;
        entry.shown = generation;
        mirror.applySnapshot(s);
        this.disposeOlder(entry, generation);
      },
      onDelta: (d) => {
        if (!entry.cancelled && generation === entry.shown) mirror.applyDelta(d);
      },
    };
    this.api
      .subscribeTerminal(agentId, listener, { scrollbackLines: Tui.MIRROR_SCROLLBACK_LINES })
      .then(
        (subscription) => {
          entry.failures = 0;
          if (entry.cancelled || generation < entry.shown) subscription.dispose();
          else entry.subscriptions.set(generation, subscription);
        },
        (err: unknown) => {
          log.warn('subscribe.failed', { agentId, error: errorMessage(err) });
          if (!entry.cancelled) this.retryLater(agentId, entry);
          this.errorEmitter.fire({ agentId, message: errorMessage(err) });
        },
      )
      .finally(() => {
        entry.subscribing = false;
        this.inFlight--;
        // Resized again while this one was on its way: another snapshot.
        if (entry.wanted && !entry.cancelled && !entry.retryTimer) this.queue.push(agentId);
        this.pump();
      });
  }

  private disposeOlder(entry: Entry, generation: number): void {
    for (const [g, subscription] of entry.subscriptions) {
      if (g >= generation) continue;
      entry.subscriptions.delete(g);
      subscription.dispose();
    }
  }

  /** The agent may be starting, the daemon busy or reconnecting: while the pane is shown, its subscribe is tried again. */
  private retryLater(agentId: string, entry: Entry): void {
    const delay = Math.min(Tui.MIRROR_RETRY_MAX_MS, Tui.MIRROR_RETRY_MS * 2 ** entry.failures);
    entry.failures++;
    entry.wanted = true;
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      if (entry.cancelled) return;
      this.queue.push(agentId);
      this.pump();
    }, delay);
    entry.retryTimer.unref?.();
  }

  private drop(agentId: string, entry: Entry): void {
    entry.cancelled = true;
    if (entry.retryTimer) clearTimeout(entry.retryTimer);
    for (const subscription of entry.subscriptions.values()) subscription.dispose();
    entry.subscriptions.clear();
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
