/**
 * Codex hooks (Claude-shaped payloads, command hooks only). PreToolUse can only deny, so in the asking modes it is
 * the gate that holds every call (allow = empty answer); PermissionRequest answers Codex's own asks (a command
 * that wants to leave the sandbox), which it makes *after* PreToolUse for the same call.
 */
import type { ApprovalDecision, HookEvent } from '../../src/core/adapter.js';
import { claudeStyleLifecycle, claudeStyleToolRequest } from '../common/claude-style-hooks.js';
import { asRecord } from '../common/tool-request.js';

/**
 * The key Codex's hooks share for one tool call (same session, turn, tool and input; PermissionRequest carries no
 * tool_use_id). Codex asks PermissionRequest for a call *after* its PreToolUse, so that ask is a follow-up: it gets
 * the gate's decision (the supervisor waits for it while pending), never an allow of its own for having been asked.
 */
export function codexCallKey(p: Record<string, unknown>): string | undefined {
  if (typeof p.session_id !== 'string' || typeof p.turn_id !== 'string' || typeof p.tool_name !== 'string') return undefined;
  const input = asRecord(p.tool_input);
  const what = input.command ?? input.cmd;
  if (what === undefined) return undefined;
  return JSON.stringify([p.session_id, p.turn_id, p.tool_name, what]);
}

export function parseCodexHook(eventName: string, payload: unknown): HookEvent {
  const p = asRecord(payload);
  const lifecycle = claudeStyleLifecycle(eventName, p);
  if (lifecycle) return lifecycle;
  switch (eventName) {
    case 'PermissionRequest':
    case 'PreToolUse': {
      const request = claudeStyleToolRequest(p);
      const key = codexCallKey(p);
      if (key === undefined) return { kind: 'permission', request };
      return { kind: 'permission', request, call: eventName === 'PreToolUse' ? { key } : { key, followUp: true } };
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
