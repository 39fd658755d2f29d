/**
 * Codex hooks (Claude-shaped payloads, command hooks only). PreToolUse can only deny, so in the asking modes it is
 * the gate that holds every call (allow = empty answer); PermissionRequest answers Codex's own asks (a command
 * that wants to leave the sandbox), which it makes *after* PreToolUse for the same call.
 */
import type { ApprovalDecision, HookEvent } from '../../src/core/adapter.js';
import { claudeStyleLifecycle, claudeStyleToolRequest } from '../common/claude-style-hooks.js';
import { asRecord } from '../common/tool-request.js';

/**
 * Remembers the calls the PreToolUse gate held, so Codex's PermissionRequest for the same call (same session,
 * turn, tool and input; it carries no tool_use_id) is answered with allow instead of asking the user twice.
 * Sound because Codex only asks PermissionRequest for a call whose PreToolUse did not block it, i.e. one the
 * user allowed. A daemon restart forgets everything, which at worst asks again.
 */
export class GatedCalls {
  private readonly bySession = new Map<string, Set<string>>();

  private static key(p: Record<string, unknown>): { session: string; call: string } | undefined {
    if (typeof p.session_id !== 'string' || typeof p.turn_id !== 'string' || typeof p.tool_name !== 'string') return undefined;
    const input = asRecord(p.tool_input);
    const what = input.command ?? input.cmd;
    if (what === undefined) return undefined;
    return { session: p.session_id, call: JSON.stringify([p.turn_id, p.tool_name, what]) };
  }

  held(p: Record<string, unknown>): void {
    const k = GatedCalls.key(p);
    if (!k) return;
    let set = this.bySession.get(k.session);
    if (!set) this.bySession.set(k.session, (set = new Set()));
    set.add(k.call);
  }

  /** True once per held call: the follow-up ask is consumed. */
  takeFollowUp(p: Record<string, unknown>): boolean {
    const k = GatedCalls.key(p);
    return k ? (this.bySession.get(k.session)?.delete(k.call) ?? false) : false;
  }

  /** The turn is over: nothing of it can still be asked about. */
  endTurn(p: Record<string, unknown>): void {
    if (typeof p.session_id === 'string') this.bySession.delete(p.session_id);
  }
}

export function parseCodexHook(eventName: string, payload: unknown, gated?: GatedCalls): HookEvent {
  const p = asRecord(payload);
  if (eventName === 'Stop') gated?.endTurn(p);
  const lifecycle = claudeStyleLifecycle(eventName, p);
  if (lifecycle) return lifecycle;
  switch (eventName) {
    case 'PermissionRequest':
    case 'PreToolUse': {
      const request = claudeStyleToolRequest(p);
      if (eventName === 'PreToolUse') gated?.held(p);
      else if (gated?.takeFollowUp(p)) return { kind: 'permission', request, decided: { behavior: 'allow' } };
      return { kind: 'permission', request };
    }
    default:
      return { kind: 'ignored' };
  }
}

export function formatCodexReply(eventName: string, decision: ApprovalDecision | undefined): { status: number; body: unknown } {
  const d = decision ?? { behavior: 'deny' as const, message: 'no decision from paseo' };
  if (eventName === 'PermissionRequest') {
    return {
      status: 200,
      body: {
        hookSpecificOutput: {
          hookEventName: 'PermissionRequest',
          decision: d.behavior === 'allow' ? { behavior: 'allow' } : { behavior: 'deny', message: d.message || 'denied in paseo' },
        },
      },
    };
  }
  if (eventName === 'PreToolUse') {
    // Codex rejects permissionDecision:allow ("unsupported") and runs the tool anyway; allow is an empty answer.
    if (d.behavior === 'allow') return { status: 200, body: {} };
    return { status: 200, body: { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: d.message || 'denied in paseo' } } };
  }
  return { status: 200, body: {} };
}
