/**
 * The terminal subscriptions of one client: forwards snapshot and deltas through the client's
 * queue; when the queue falls behind it lets go of the service subscriptions (nothing is
 * buffered for a slow client) and resubscribes once drained, which sends fresh snapshots.
 */
import type { PaseoApi, TerminalListener } from '../core/api.js';
import { Flow } from '../core/constants.js';
import type { Disposable } from '../core/disposable.js';
import { errorMessage, toPaseoError } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import type { ServerMessage, SnapshotMessage } from '../core/protocol.js';
import type { ClientQueue } from './client-queue.js';
import { sharedDeltaEncoder, type DeltaEncoder } from './delta-encoder.js';
import { OrderedOutbox } from './ordered-outbox.js';
import { encodeLargeFrame, isLargeString } from './large-frame.js';

const log = createLogger('server.terminals');

interface Subscription {
  agentId: string;
  scrollbackLines: number | undefined;
  /** Bumped on every (re)attach; callbacks from an older generation are ignored. */
  generation: number;
  handle: Disposable | undefined;
}

export interface ClientTerminalsOptions {
  service: Pick<PaseoApi, 'subscribeTerminal'>;
  queue: ClientQueue;
  /** Errors not tied to a request (a resync that failed). */
  sendError(message: ServerMessage): void;
  /** The client stayed behind past maxBehindMs: the owner disconnects it. */
  onTooFarBehind(): void;
  clientName(): string;
  pollMs?: number;
  maxBehindMs?: number;
  /** Encodes each delta once for all clients (default: the daemon's shared encoder). */
  encoder?: DeltaEncoder;
}

export class ClientTerminals implements Disposable {
  private readonly subs = new Map<string, Subscription>();
  private generation = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private behindSince = 0;
  private disposed = false;
  private readonly service: ClientTerminalsOptions['service'];
  private readonly queue: ClientQueue;
  private readonly encoder: DeltaEncoder;

  constructor(private readonly opts: ClientTerminalsOptions) {
    this.service = opts.service;
    this.queue = opts.queue;
    this.encoder = opts.encoder ?? sharedDeltaEncoder;
  }

  /** Number of terminals this client follows. */
  get size(): number {
    return this.subs.size;
  }

  /** Subscribes (or re-subscribes, which sends a new snapshot); rejects when the service refuses. */
  async subscribe(agentId: string, scrollbackLines: number | undefined): Promise<void> {
    const previous = this.subs.get(agentId);
    previous?.handle?.dispose();
    const sub: Subscription = { agentId, scrollbackLines, generation: 0, handle: undefined };
    this.subs.set(agentId, sub);
    try {
      await this.attach(sub);
    } catch (err) {
      if (this.subs.get(agentId) === sub) this.subs.delete(agentId);
      throw err;
    }
  }

  unsubscribe(agentId: string): void {
    const sub = this.subs.get(agentId);
    if (!sub) return;
    this.subs.delete(agentId);
    this.queue.forget(agentId);
    sub.generation = -1;
    sub.handle?.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopPolling();
    for (const agentId of [...this.subs.keys()]) this.unsubscribe(agentId);
  }

  private async attach(sub: Subscription): Promise<void> {
    // A stream still attached (subscribed while behind) is replaced, never leaked.
    sub.handle?.dispose();
    sub.handle = undefined;
    const generation = ++this.generation;
    sub.generation = generation;
    const live = () => !this.disposed && sub.generation === generation && this.subs.get(sub.agentId) === sub;
    const out = new OrderedOutbox();
    const listener: TerminalListener = {
      onSnapshot: (snapshot) => {
        if (!live()) return;
        const message: SnapshotMessage = { type: 'snapshot', ...snapshot };
        if (!isLargeString(message.data)) return out.run(() => this.queue.sendControl(JSON.stringify(message)));
        // Deltas that follow wait behind it in the outbox, so the client still sees the snapshot first.
        out.runAfter(encodeLargeFrame((data) => ({ ...message, data }), message.data), (frame) => {
          if (live()) this.queue.sendControl(frame);
        });
      },
      onDelta: (delta) => {
        out.run(() => {
          if (!live()) return;
          if (this.queue.sendDelta(this.encoder.encode(delta), sub.agentId) === 'fell-behind') this.fallBehind();
        });
      },
    };
    const opts = sub.scrollbackLines === undefined ? undefined : { scrollbackLines: sub.scrollbackLines };
    const handle = await this.service.subscribeTerminal(sub.agentId, listener, opts);
    // The subscribe reply goes after the snapshot, as when it was sent synchronously.
    await out.idle();
    if (live()) sub.handle = handle;
    else handle.dispose();
  }

  /** Let go of every stream now; the poll resubscribes once the socket drained. */
  private fallBehind(): void {
    log.info('client.behind', { client: this.opts.clientName(), terminals: this.subs.size });
    for (const sub of this.subs.values()) {
      sub.generation = 0;
      sub.handle?.dispose();
      sub.handle = undefined;
    }
    if (this.pollTimer || this.disposed) return;
    this.behindSince = Date.now();
    this.pollTimer = setInterval(() => this.poll(), this.opts.pollMs ?? Flow.CLIENT_RESYNC_POLL_MS);
  }

  private poll(): void {
    if (!this.queue.tryResume()) {
      if (Date.now() - this.behindSince > (this.opts.maxBehindMs ?? Flow.CLIENT_MAX_BEHIND_MS)) {
        log.warn('client.too_far_behind', { client: this.opts.clientName() });
        this.stopPolling();
        this.opts.onTooFarBehind();
      }
      return;
    }
    this.stopPolling();
    log.info('client.resync', { client: this.opts.clientName(), droppedBytes: this.queue.droppedBytes });
    for (const sub of this.subs.values()) {
      this.attach(sub).catch((err: unknown) => {
        // The agent may be gone by now: the client learns it instead of waiting for a snapshot forever.
        if (this.subs.get(sub.agentId) === sub) this.subs.delete(sub.agentId);
        const e = toPaseoError(err);
        log.warn('client.resync_failed', { agentId: sub.agentId, error: errorMessage(err) });
        this.opts.sendError({ type: 'error', error: { code: e.code, message: `resync of ${sub.agentId} failed: ${e.message}` } });
      });
    }
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }
}
