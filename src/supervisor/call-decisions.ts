/**
 * The decision each tool call got, by the key its CLI's hooks share (Codex: PreToolUse, then PermissionRequest for
 * the same call). A follow-up hook takes the first hook's decision — pending or settled — so a call is approved only
 * by a decision, never by having been asked about. Kept per agent until its turn ends.
 */
import type { ApprovalDecision } from '../core/adapter.js';
import { Approval } from '../core/constants.js';

export class CallDecisions {
  private readonly byAgent = new Map<string, Map<string, Promise<ApprovalDecision>>>();

  constructor(private readonly maxPerAgent: number = Approval.CALL_DECISIONS_PER_AGENT) {}

  /** The first hook for `key` asked: its decision, when it comes, is the call's. A repeat of the same call replaces it. */
  open(agentId: string, key: string, decision: Promise<ApprovalDecision>): void {
    let calls = this.byAgent.get(agentId);
    if (!calls) this.byAgent.set(agentId, (calls = new Map()));
    calls.delete(key);
    calls.set(key, decision);
    // Oldest first out: a call that long ago got its follow-up (or never will) is not worth keeping.
    if (calls.size > this.maxPerAgent) calls.delete(calls.keys().next().value!);
  }

  /** The decision of the call a follow-up hook asks about again, once; undefined when no earlier hook asked. */
  take(agentId: string, key: string): Promise<ApprovalDecision> | undefined {
    const calls = this.byAgent.get(agentId);
    const decision = calls?.get(key);
    calls?.delete(key);
    return decision;
  }

  /** The agent's turn ended (or it exited): nothing of it can be asked about again. */
  forget(agentId?: string): void {
    if (agentId === undefined) this.byAgent.clear();
    else this.byAgent.delete(agentId);
  }
}
