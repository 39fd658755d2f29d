/** Gemini CLI hook payloads → HookEvent; BeforeTool can deny (`{"decision":"deny"}`) but not approve. */
import type { ApprovalDecision, HookEvent } from '../../src/core/adapter.js';
import { asRecord, toolRequest } from '../common/tool-request.js';

export function parseGeminiHook(eventName: string, payload: unknown): HookEvent {
  const p = asRecord(payload);
  switch (eventName) {
    case 'SessionStart':
      return typeof p.session_id === 'string' ? { kind: 'session', sessionRef: p.session_id } : { kind: 'ignored' };
    case 'BeforeAgent':
      return { kind: 'turn-start' };
    case 'AfterAgent':
      return typeof p.prompt_response === 'string' ? { kind: 'turn-end', answer: p.prompt_response } : { kind: 'turn-end' };
    case 'BeforeTool':
      return { kind: 'permission', request: toolRequest(String(p.tool_name ?? 'unknown'), p.tool_input, typeof p.cwd === 'string' ? p.cwd : undefined) };
    case 'Notification':
      return {
        kind: 'notification',
        message: typeof p.message === 'string' ? p.message : '',
        waiting: p.notification_type === 'ToolPermission',
      };
    default:
      return { kind: 'ignored' };
  }
}

export function formatGeminiReply(eventName: string, decision: ApprovalDecision | undefined): { status: number; body: unknown } {
  if (eventName !== 'BeforeTool') return { status: 200, body: {} };
  const d = decision ?? { behavior: 'deny' as const, message: 'no decision from paseo' };
  // An empty answer lets the call proceed; in the gated modes Gemini runs in yolo, so that is the approval.
  return { status: 200, body: d.behavior === 'allow' ? {} : { decision: 'deny', reason: d.message || 'denied in paseo' } };
}
