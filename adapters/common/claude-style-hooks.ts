/** The hook payload shape Claude Code defined and Codex follows: session, turn and tool-call events. */
import type { ApprovalRequestInput, HookEvent } from '../../src/core/adapter.js';
import { toolRequest } from './tool-request.js';

/** SessionStart / UserPromptSubmit / Stop as events; undefined for any other hook. */
export function claudeStyleLifecycle(eventName: string, p: Record<string, unknown>): HookEvent | undefined {
  switch (eventName) {
    case 'SessionStart':
      return typeof p.session_id === 'string' ? { kind: 'session', sessionRef: p.session_id } : { kind: 'ignored' };
    case 'UserPromptSubmit':
      return { kind: 'turn-start' };
    case 'Stop':
      return typeof p.last_assistant_message === 'string' ? { kind: 'turn-end', answer: p.last_assistant_message } : { kind: 'turn-end' };
    default:
      return undefined;
  }
}

/** The approval request of a PreToolUse / PermissionRequest payload (`tool_name`, `tool_input`, `cwd`). */
export function claudeStyleToolRequest(p: Record<string, unknown>): ApprovalRequestInput {
  return toolRequest(String(p.tool_name ?? 'unknown'), p.tool_input, typeof p.cwd === 'string' ? p.cwd : undefined);
}
