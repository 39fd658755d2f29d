/** Keeps one AgentMirror subscribed per visible agent: subscribes new ones, unsubscribes hidden ones. */
import type { PaseoApi } from '../core/api.js';
import { type Disposable } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { Snapshot } from '../core/constants.js';
import { AgentMirror } from './agent-mirror.js';

const log = createLogger('tui.mirrors');

interface Entry {
  mirror: AgentMirror;
  subscription: Disposable | undefined;
  cancelled: boolean;
}

export class MirrorSet implements Disposable {
  private readonly entries = new Map<string, Entry>();
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
    const entry: Entry = { mirror, subscription: undefined, cancelled: false };
    this.entries.set(agentId, entry);
    mirror.onDidChange((id) => this.changeEmitter.fire(id));
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
          // Forget it so the next reconcile retries (the agent may be starting, or the daemon reconnecting).
          if (this.entries.get(agentId) === entry) this.drop(agentId, entry);
          this.errorEmitter.fire({ agentId, message: errorMessage(err) });
        },
      );
  }

  private drop(agentId: string, entry: Entry): void {
    entry.cancelled = true;
    entry.subscription?.dispose();
    entry.mirror.dispose();
    this.entries.delete(agentId);
  }

  dispose(): void {
    for (const [id, entry] of this.entries) this.drop(id, entry);
    this.changeEmitter.dispose();
    this.errorEmitter.dispose();
  }
}
