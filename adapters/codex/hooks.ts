/**
 * Codex hooks (Claude-shaped payloads, command hooks only). Approvals go through PermissionRequest, which Codex
 * runs *before* its own prompt and which can allow or deny; PreToolUse can only deny, so it is not used.
 */
import type { ApprovalDecision, HookEvent } from '../../src/core/adapter.js';
import { asRecord, toolRequest } from '../common/tool-request.js';

export function parseCodexHook(eventName: string, payload: unknown): HookEvent {
  const p = asRecord(payload);
  switch (eventName) {
    case 'SessionStart':
      return typeof p.session_id === 'string' ? { kind: 'session', sessionRef: p.session_id } : { kind: 'ignored' };
    case 'UserPromptSubmit':
      return { kind: 'turn-start' };
    case 'Stop':
      return { kind: 'turn-end' };
    case 'PermissionRequest':
    case 'PreToolUse':
      return { kind: 'permission', request: toolRequest(String(p.tool_name ?? 'unknown'), p.tool_input, typeof p.cwd === 'string' ? p.cwd : undefined) };
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
