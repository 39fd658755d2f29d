/** Claude Code hook payloads → HookEvent, and decisions → the exact reply JSON Claude 2.1.x reads. */
import type { ApprovalDecision, HookEvent } from '../../src/core/adapter.js';
import { claudeStyleLifecycle, claudeStyleToolRequest } from '../common/claude-style-hooks.js';
import { asRecord } from '../common/tool-request.js';

export function parseClaudeHook(eventName: string, payload: unknown): HookEvent {
  const p = asRecord(payload);
  const lifecycle = claudeStyleLifecycle(eventName, p);
  if (lifecycle) return lifecycle;
  switch (eventName) {
    case 'PreToolUse':
      return { kind: 'permission', request: claudeStyleToolRequest(p) };
    case 'PermissionRequest':
      // Claude's own dialog is up at the same time: the user may answer there, and this hook is then orphaned.
      return { kind: 'permission', request: claudeStyleToolRequest(p), answerableInPane: true };
    case 'Notification': {
      const message = typeof p.message === 'string' ? p.message : '';
      const type = p.notification_type;
      // idle_prompt repeats what Stop said; permission_prompt is the dialog we already hold via PermissionRequest.
      return { kind: 'notification', message, waiting: type === 'permission_prompt' };
    }
    case 'StopFailure':
      return { kind: 'error', message: typeof p.error === 'string' ? p.error : 'turn failed' };
    default:
      return { kind: 'ignored' };
  }
}

export function formatClaudeReply(eventName: string, decision: ApprovalDecision | undefined): { status: number; body: unknown } {
  if (eventName === 'PreToolUse') {
    // No decision is a deny: the relay only asks when the tool is gated, and a missing answer must never allow.
    const d = decision ?? { behavior: 'deny', message: 'no decision from paseo' };
    return {
      status: 200,
      body: {
        hookSpecificOutput: {
          hookEventName: 'PreToolUse',
          permissionDecision: d.behavior,
          ...(d.behavior === 'deny' ? { permissionDecisionReason: d.message || 'denied in paseo' } : {}),
        },
      },
    };
  }
  if (eventName === 'PermissionRequest') {
    // Without a decision Claude's own dialog stays up for the human in the pane.
    if (!decision) return { status: 200, body: {} };
    return {
      status: 200,
      body: {
        hookSpecificOutput: {
          hookEventName: 'PermissionRequest',
          decision: decision.behavior === 'allow' ? { behavior: 'allow' } : { behavior: 'deny', message: decision.message || 'denied in paseo' },
        },
      },
    };
  }
  return { status: 200, body: {} };
}
