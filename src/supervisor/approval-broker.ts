/**
 * Pending approval requests: each waits for one decision, and is denied when its deadline passes (fail closed) or
 * when nothing waits for it any more (cancelled: its hook gave up, the turn ended, the agent exited). A cancelled
 * request is remembered for a while, so a decision that comes too late is told why instead of "succeeding".
 */
import { randomBytes } from 'node:crypto';
import type { ApprovalDecision, ApprovalRequestInput } from '../core/adapter.js';
import type { Disposable } from '../core/disposable.js';
import { NotFoundError, PaseoError } from '../core/errors.js';
import { Emitter, type Event } from '../core/event.js';
import { Approval } from '../core/constants.js';
import { createLogger } from '../core/log.js';
import { CallDecisions } from './call-decisions.js';
import { contentHash } from './approvals/content-hash.js';
import type { ApprovalActor } from '../core/api.js';

const log = createLogger('approvals');

export interface ApprovalRequest extends ApprovalRequestInput {
  id: string;
  agentId: string;
  createdAt: string;
  deadlineAt: string;
  /** sha256 of agent, tool and canonical input (approvals/content-hash.ts): what a decision is bound to. */
  contentHash: string;
}

/** Why a request stopped waiting without a decision (the audit log says so). */
export type CancelCause = 'agent-exited' | 'daemon-stopping' | 'turn-ended' | 'hook-gave-up';

export type ApprovalChange =
  | { kind: 'added'; requestId: string; agentId: string }
  | {
      kind: 'decided';
      requestId: string;
      agentId: string;
      decision: ApprovalDecision;
      by: 'user' | 'timeout' | 'cancel';
      /** The request as it was shown. */
      request?: ApprovalRequest;
      /** by user: who decided (the server attaches the connection's principal). */
      actor?: ApprovalActor;
      /** by cancel: why. */
      cause?: CancelCause;
      /** by timeout: how long it waited. */
      timeoutMs?: number;
    };

interface Pending {
  request: ApprovalRequest;
  resolve: (d: ApprovalDecision) => void;
  timer: NodeJS.Timeout;
  timeoutMs: number;
}

export class ApprovalBroker implements Disposable {
  private readonly pending = new Map<string, Pending>();
  /** Cancelled request id → why it stopped waiting (oldest forgotten first). */
  private readonly gone = new Map<string, string>();
  private readonly calls = new CallDecisions();
  private readonly changeEmitter = new Emitter<ApprovalChange>();
  readonly onDidChange: Event<ApprovalChange> = this.changeEmitter.event;

  constructor(private readonly timeoutMs: number = Approval.DECIDE_TIMEOUT_MS) {}

  /** Queues a request; the promise settles with the first decision, or deny at the deadline. */
  request(
    agentId: string,
    input: ApprovalRequestInput,
    /** timeoutMs: the deciding policy rule's wait (never past the default, which answers before the CLI's hook deadline). */
    opts: { callKey?: string; timeoutMs?: number; timeoutMessage?: string } = {},
  ): { id: string; decision: Promise<ApprovalDecision> } {
    const id = randomBytes(5).toString('hex');
    const now = Date.now();
    const timeoutMs = Math.min(opts.timeoutMs ?? this.timeoutMs, this.timeoutMs);
    const request: ApprovalRequest = {
      ...input,
      id,
      agentId,
      createdAt: new Date(now).toISOString(),
      deadlineAt: new Date(now + timeoutMs).toISOString(),
      contentHash: contentHash(agentId, input),
    };
    const decision = new Promise<ApprovalDecision>((resolve) => {
      const message = opts.timeoutMessage ?? `denied: no decision within ${formatWait(timeoutMs)}`;
      const timer = setTimeout(() => this.settle(id, { behavior: 'deny', message }, 'timeout', 'its deadline passed'), timeoutMs);
      this.pending.set(id, { request, resolve, timer, timeoutMs });
    });
    // The call's later hooks (a follow-up ask for the same call) get this same decision.
    if (opts.callKey !== undefined) this.calls.open(agentId, opts.callKey, decision);
    this.changeEmitter.fire({ kind: 'added', requestId: id, agentId });
    return { id, decision };
  }

  list(): ApprovalRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  get(id: string): ApprovalRequest | undefined {
    return this.pending.get(id)?.request;
  }

  /** First decision wins; false when the request is unknown or already decided. */
  decide(id: string, decision: ApprovalDecision, opts: DecideOptions = {}): boolean {
    const p = this.pending.get(id);
    // Bound to what was shown: a decision taken on other content is not this request's.
    if (p && opts.contentHash !== undefined && opts.contentHash !== p.request.contentHash) {
      throw new PaseoError('invalid_state', `request ${id} is not the content that was shown (its content hash differs); decide on it as it is now`, { requestId: id });
    }
    return this.settle(id, decision, 'user', `it was already ${decision.behavior === 'allow' ? 'allowed' : 'denied'}`, { ...(opts.actor ? { actor: opts.actor } : {}) });
  }

  /** decide(), or a typed error: `not_pending` (with why) for a request that was cancelled, `not_found` otherwise. */
  decideOrThrow(id: string, decision: ApprovalDecision, opts: DecideOptions = {}): void {
    if (this.decide(id, decision, opts)) return;
    throw this.notPending(id);
  }

  /** Why `id` is not pending: `not_pending` (decided already, or cancelled, with why) or `not_found`. */
  notPending(id: string): PaseoError {
    const why = this.gone.get(id);
    // A second decision is told the first one won (another client, the CLI, the phone decided it).
    if (why?.startsWith('it was already ')) return new PaseoError('not_pending', `request ${id} was already decided (${why.slice('it was already '.length)})`, { requestId: id });
    if (why !== undefined) return new PaseoError('not_pending', `request ${id} is no longer waiting (${why})`, { requestId: id });
    return new NotFoundError(`no pending approval ${id}`, { requestId: id });
  }

  /** The decision an earlier hook of the same call got (pending or settled), once; undefined when none asked. */
  followCall(agentId: string, callKey: string): Promise<ApprovalDecision> | undefined {
    return this.calls.take(agentId, callKey);
  }

  /** Denies one request nothing waits for any more (its hook's caller went away); false when it was not pending. */
  cancelOne(id: string, message: string, why: string, cause: CancelCause = 'hook-gave-up'): boolean {
    return this.settle(id, { behavior: 'deny', message }, 'cancel', why, { cause });
  }

  /** Denies everything pending for one agent (its turn ended, it exited) or for all (shutdown); forgets their calls. */
  cancel(reason: string, agentId?: string, cause?: CancelCause): void {
    this.calls.forget(agentId);
    for (const p of [...this.pending.values()]) {
      if (agentId === undefined || p.request.agentId === agentId) this.settle(p.request.id, { behavior: 'deny', message: reason }, 'cancel', reason, cause ? { cause } : {});
    }
  }

  dispose(): void {
    this.cancel('paseo is shutting down', undefined, 'daemon-stopping');
    this.changeEmitter.dispose();
  }

  private settle(id: string, decision: ApprovalDecision, by: 'user' | 'timeout' | 'cancel', why?: string, extra: { actor?: ApprovalActor; cause?: CancelCause } = {}): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (why !== undefined) {
      this.gone.set(id, why);
      if (this.gone.size > Approval.GONE_REQUESTS_REMEMBERED) this.gone.delete(this.gone.keys().next().value!);
    }
    p.resolve(decision);
    log.info('approval.decided', {
      requestId: id,
      agentId: p.request.agentId,
      tool: p.request.tool,
      by,
      behavior: decision.behavior,
      ...(decision.behavior === 'deny' ? { reason: decision.message } : {}),
    });
    this.changeEmitter.fire({
      kind: 'decided',
      requestId: id,
      agentId: p.request.agentId,
      decision,
      by,
      request: p.request,
      ...extra,
      ...(by === 'timeout' ? { timeoutMs: p.timeoutMs } : {}),
    });
    return true;
  }
}

export interface DecideOptions {
  /** Who decided; the server attaches the connection's principal. */
  actor?: ApprovalActor;
  /** The content hash the decider was shown: a mismatch is refused (invalid_state). */
  contentHash?: string;
}

/** "30s", "5m", "1h 2m": a wait as a person reads it. */
function formatWait(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s / 60}m`;
  const m = Math.round(s / 60);
  return m % 60 ? `${Math.floor(m / 60)}h ${m % 60}m` : `${m / 60}h`;
}
