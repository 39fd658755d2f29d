/** A hook call from an agent CLI: authenticate by the agent's own secret, parse through its adapter, feed the state machine, gate permissions. */
import type { AgentAdapter, ApprovalDecision } from '../core/adapter.js';
import type { HookCall, HookReply } from '../core/api.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import type { AgentSession } from './agent-session.js';
import type { ApprovalBroker } from './approval-broker.js';
import { hookSecretMatches } from './hook-secret.js';
import { PLAN_MODE_REFUSAL } from './plan-mode.js';
import { normalizeRequest } from './approvals/request-paths.js';
import type { ApprovalPolicy } from './approvals/approval-policy.js';
import type { PolicyDecision } from './approvals/policy-engine.js';

const log = createLogger('hooks');

/** The deny (and audit reason) for a request whose hook stopped waiting for it. */
const HOOK_GAVE_UP = "the agent's hook gave up waiting";

export interface HookDeps {
  session(agentId: string): AgentSession | undefined;
  secret(agentId: string): string | undefined;
  adapter(session: AgentSession): Promise<AgentAdapter>;
  approvals: ApprovalBroker;
  /** Rules and modes decide first (plan mode's refusals too), and requests decided without a person are audited. */
  policy: Pick<ApprovalPolicy, 'decide' | 'recordDecided'>;
}

export async function handleHookCall(deps: HookDeps, call: HookCall): Promise<HookReply> {
  // Exact ids only: a prefix must never reach another agent's hooks.
  const session = deps.session(call.agentId);
  if (!session) return { status: 404, body: { error: 'unknown agent' } };
  const secret = deps.secret(session.id);
  if (!secret || !hookSecretMatches(secret, call.secret)) {
    log.warn('hook.refused', { agentId: session.id, event: call.event });
    return { status: 403, body: { error: 'forbidden' } };
  }
  let adapter: AgentAdapter;
  try {
    adapter = await deps.adapter(session);
  } catch (err) {
    return { status: 500, body: { error: errorMessage(err) } };
  }
  if (!adapter.parseHook) return { status: 400, body: { error: `provider ${adapter.name} takes no hooks` } };
  let event;
  try {
    event = adapter.parseHook(call.event, call.payload);
  } catch (err) {
    // Fail closed: whatever the CLI wanted to do is denied.
    return reply(adapter, call.event, { behavior: 'deny', message: `malformed hook payload: ${errorMessage(err)}` }, 400);
  }
  if (event.kind !== 'permission') {
    // A turn that ended no longer waits on any request (the user answered in the pane, or interrupted): drop
    // them from the queue instead of leaving them for an hour. Not while a hook that blocks the CLI is pending: the
    // CLI cannot have ended that turn, and the permission wins.
    if (event.kind === 'turn-end' && !session.blockedOnApproval) deps.approvals.cancel('the turn ended without this answer', session.id, 'turn-ended');
    session.dispatch({ kind: 'hook', event });
    return reply(adapter, call.event, undefined);
  }
  if (!session.isRunning) return reply(adapter, call.event, { behavior: 'deny', message: 'agent is not running' });
  // A follow-up ask for a call an earlier hook already asked about gets that hook's decision (waiting while it is
  // pending): the call was approved only if a person or rule allowed it there.
  const first = event.call?.followUp ? deps.approvals.followCall(session.id, event.call.key) : undefined;
  if (first) {
    const decision = await untilAborted(first, call.signal);
    log.info('hook.same-call', { agentId: session.id, event: call.event, tool: event.request.tool, behavior: decision?.behavior ?? 'caller-gone' });
    return reply(adapter, call.event, decision ?? { behavior: 'deny', message: HOOK_GAVE_UP });
  }
  // Every CLI's files named alike (relative to the cwd inside it) and a one-line summary (approvals/request-paths.ts).
  const request = normalizeRequest({ ...event.request, cwd: event.request.cwd ?? session.record.cwd });
  // The rules and the agent's mode decide first (approvals/policy-engine.ts): an allow or a deny is answered at once
  // and audited as the rule's (or mode's) decision; only an ask reaches the queue, for at most its rule's timeout.
  const r = session.record;
  const subject = { agentId: session.id, provider: r.provider, cwd: r.cwd, mode: r.mode };
  const verdict = deps.policy.decide(subject, request);
  if (verdict.action !== 'ask') {
    const decision: ApprovalDecision = verdict.action === 'allow' ? { behavior: 'allow' } : { behavior: 'deny', message: policyDenyMessage(verdict, r.mode) };
    deps.policy.recordDecided(subject, request, verdict, decision.behavior === 'deny' ? decision.message : undefined);
    log.info('hook.policy', { agentId: session.id, event: call.event, tool: request.tool, action: verdict.action, by: verdict.by, rule: verdict.rule?.label });
    // Decided at once: the CLI's dialog for it (OpenCode draws one) is no wait.
    session.holdApproval().dispose();
    return reply(adapter, call.event, decision);
  }
  const wait = {
    timeoutMs: verdict.timeoutMs,
    ...(verdict.rule?.rule.timeoutSeconds !== undefined ? { timeoutMessage: `denied: no decision within ${verdict.rule.rule.timeoutSeconds}s (the timeout of ${verdict.rule.label})` } : {}),
  };
  const hold = session.holdApproval(event.answerableInPane !== true);
  let decision: ApprovalDecision;
  let cancelOnAbort: (() => void) | undefined;
  try {
    session.dispatch({ kind: 'hook', event });
    const pending = deps.approvals.request(session.id, request, { ...(event.call ? { callKey: event.call.key } : {}), ...wait });
    // Nothing waits for an answer once the hook's caller is gone (the relay timed out, died, or the CLI gave up):
    // cancel at once rather than leave the agent shown waiting and the request "decidable" for an hour.
    cancelOnAbort = () => {
      if (deps.approvals.cancelOne(pending.id, HOOK_GAVE_UP, 'its hook disconnected')) log.info('hook.caller-gone', { agentId: session.id, event: call.event, requestId: pending.id });
    };
    if (call.signal?.aborted) cancelOnAbort();
    else call.signal?.addEventListener('abort', cancelOnAbort, { once: true });
    decision = await pending.decision;
  } finally {
    if (cancelOnAbort) call.signal?.removeEventListener('abort', cancelOnAbort);
    hold.dispose();
  }
  // Allowed or denied, the agent carries on with its turn.
  if (session.record.status === 'waiting') session.dispatch({ kind: 'hook', event: { kind: 'turn-start' } });
  return reply(adapter, call.event, decision);
}

/** What the agent reads when a rule or its mode refused the call. */
function policyDenyMessage(d: PolicyDecision, mode: string): string {
  if (d.by === 'mode' && mode === 'plan') return PLAN_MODE_REFUSAL;
  return `paseo policy: ${d.reason}`;
}

/** Resolves with the promise's value, or undefined as soon as the signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}

function reply(adapter: AgentAdapter, eventName: string, decision: ApprovalDecision | undefined, status = 200): HookReply {
  if (adapter.formatHookReply) return adapter.formatHookReply(eventName, decision);
  return { status, body: decision ?? {} };
}
