/**
 * OpenCode's event stream (SSE `GET /event` of the server its TUI runs with `--port`) → the hook calls the
 * bridge makes to the daemon, and those hook calls → HookEvent; decisions → the body of OpenCode's
 * `POST /permission/<id>/reply`. Pure: the bridge process and the adapter (in the daemon) share it.
 *
 * Events seen from opencode 1.18.33 (see research/real-agents.md §4):
 *   session.created/updated {info:{id, parentID?}}   session.status {sessionID, status:{type: busy|idle|retry}}
 *   message.part.updated {part:{type:"tool", tool, callID, state:{status, input}}}   (before a bash/edit ask; just
 *     after an MCP tool's, which asks before its part is marked running)
 *   permission.asked {id, sessionID, permission, patterns, metadata, always, tool:{messageID, callID}}
 *   permission.replied {sessionID, requestID, reply}   session.error {sessionID, error:{name, data}}
 */
import type { ApprovalDecision, ApprovalRequestInput, HookEvent } from '../../src/core/adapter.js';
import { OpenCode } from '../../src/core/constants.js';
import { asRecord, toolRequest } from '../common/tool-request.js';

/** Hook event names the bridge posts to `/hooks/<agentId>/<event>`. */
export const OC_EVENTS = {
  PERMISSION: 'permission.asked',
  STATUS: 'session.status',
  SESSION: 'session.active',
  ERROR: 'session.error',
} as const;

export interface SseEvent {
  type: string;
  properties?: unknown;
}

/** One hook call to make; `blocking` = a permission whose answer goes back to OpenCode. */
export interface Forward {
  event: string;
  payload: Record<string, unknown>;
  blocking: boolean;
}

/** What OpenCode's reply endpoint takes. */
export interface PermissionReply {
  reply: 'once' | 'always' | 'reject';
  message?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Decides which stream events become hook calls. Stateful: status is forwarded only when it changes (OpenCode
 * repeats `busy` several times a turn), subagent (child) sessions do not drive the agent's status, and tool
 * inputs are remembered by call id so a permission request carries the exact edit (old/new text), not only a diff.
 * A permission whose call's input has not streamed yet (an MCP tool asks first, its input follows within
 * milliseconds) is held until the input arrives; `onHold` lets the bridge bound that wait with `release`.
 */
export class OpenCodeEventFilter {
  private readonly children = new Set<string>();
  /** Permissions waiting for their call's input, by call id. */
  private readonly held = new Map<string, Record<string, unknown>>();
  private readonly tools = new Map<string, { tool: string; input: Record<string, unknown> }>();
  private lastStatus: string | undefined;
  private sessionRef: string | undefined;
  /** Assistant message ids (from message.updated), so only the model's text counts as the answer, not the prompt's. */
  private readonly assistantMessages = new Set<string>();
  /** The newest assistant text of this turn: sent with the idle status, so the daemon knows what the screen must show. */
  private answer: string | undefined;

  constructor(
    resumedSessionRef?: string,
    private readonly onHold: (callID: string) => void = () => {},
  ) {
    this.sessionRef = resumedSessionRef;
  }

  accept(ev: SseEvent): Forward[] {
    const p = asRecord(ev.properties);
    switch (ev.type) {
      case 'session.created':
      case 'session.updated': {
        const info = asRecord(p.info);
        const id = str(info.id);
        if (id && str(info.parentID)) this.children.add(id);
        return [];
      }
      case 'message.updated': {
        const info = asRecord(p.info);
        const id = str(info.id);
        if (id && info.role === 'assistant' && !this.children.has(str(info.sessionID) ?? '')) {
          this.assistantMessages.add(id);
          if (this.assistantMessages.size > OpenCode.MAX_REMEMBERED_TOOL_CALLS) this.assistantMessages.delete(this.assistantMessages.values().next().value!);
        }
        return [];
      }
      case 'message.part.updated': {
        const part = asRecord(p.part);
        if (part.type === 'text' && typeof part.text === 'string' && this.assistantMessages.has(str(part.messageID) ?? '')) this.answer = part.text;
        const state = asRecord(part.state);
        const input = asRecord(state.input);
        const callID = str(part.callID);
        // A pending part's input is still `{}`; from running on it is the call's (possibly empty) arguments.
        const known = Object.keys(input).length > 0 || (typeof state.status === 'string' && state.status !== 'pending');
        if (part.type === 'tool' && callID && typeof part.tool === 'string' && known) {
          this.tools.delete(callID);
          this.tools.set(callID, { tool: part.tool, input });
          if (this.tools.size > OpenCode.MAX_REMEMBERED_TOOL_CALLS) this.tools.delete(this.tools.keys().next().value!);
          const waiting = this.held.get(callID);
          if (waiting) {
            this.held.delete(callID);
            return [this.permission(waiting)];
          }
        }
        return [];
      }
      case 'session.status': {
        const sessionID = str(p.sessionID);
        const type = str(asRecord(p.status).type);
        if (!sessionID || !type || this.children.has(sessionID)) return [];
        const out: Forward[] = [];
        if (sessionID !== this.sessionRef) {
          this.sessionRef = sessionID;
          out.push({ event: OC_EVENTS.SESSION, payload: { sessionID }, blocking: false });
        }
        if (type !== this.lastStatus) {
          this.lastStatus = type;
          const answer = type === 'idle' ? this.answer : undefined;
          if (type === 'busy') this.answer = undefined;
          out.push({ event: OC_EVENTS.STATUS, payload: answer !== undefined ? { ...p, answer } : p, blocking: false });
        }
        return out;
      }
      case 'session.error': {
        const sessionID = str(p.sessionID);
        if (sessionID && this.children.has(sessionID)) return [];
        return [{ event: OC_EVENTS.ERROR, payload: p, blocking: false }];
      }
      case 'permission.asked':
        return this.asked(p);
      default:
        return [];
    }
  }

  /** A permission from `GET /permission` (caught up after a reconnect) in the same shape as a streamed one. */
  pending(permission: Record<string, unknown>): Forward[] {
    return this.asked(permission);
  }

  /** A held permission, without its input (it did not come in time); undefined once forwarded. */
  release(callID: string): Forward | undefined {
    const waiting = this.held.get(callID);
    if (!waiting) return undefined;
    this.held.delete(callID);
    return this.permission(waiting);
  }

  private asked(p: Record<string, unknown>): Forward[] {
    // The agent now waits on us; whatever OpenCode says next (busy again, idle) is news.
    this.lastStatus = 'waiting';
    const callID = str(asRecord(p.tool).callID);
    if (callID && !this.tools.has(callID)) {
      const first = !this.held.has(callID);
      this.held.set(callID, p);
      if (first) this.onHold(callID);
      return [];
    }
    return [this.permission(p)];
  }

  private permission(p: Record<string, unknown>): Forward {
    return { event: OC_EVENTS.PERMISSION, payload: this.withTool(p), blocking: true };
  }

  private withTool(p: Record<string, unknown>): Record<string, unknown> {
    const callID = str(asRecord(p.tool).callID);
    const known = callID ? this.tools.get(callID) : undefined;
    return known ? { ...p, toolName: known.tool, input: known.input } : p;
  }
}

/** A bridge hook call → the daemon's event. Throws on a permission payload without an id (the daemon then denies). */
export function parseOpenCodeHook(eventName: string, payload: unknown): HookEvent {
  const p = asRecord(payload);
  switch (eventName) {
    case OC_EVENTS.PERMISSION:
      return { kind: 'permission', request: permissionRequest(p) };
    case OC_EVENTS.STATUS: {
      const status = asRecord(p.status);
      if (status.type === 'busy') return { kind: 'turn-start' };
      if (status.type === 'idle') return typeof p.answer === 'string' ? { kind: 'turn-end', answer: p.answer } : { kind: 'turn-end' };
      if (status.type === 'retry') return { kind: 'notification', message: `retrying: ${str(status.message) ?? 'model request failed'}` };
      return { kind: 'ignored' };
    }
    case OC_EVENTS.SESSION:
      return typeof p.sessionID === 'string' && p.sessionID ? { kind: 'session', sessionRef: p.sessionID } : { kind: 'ignored' };
    case OC_EVENTS.ERROR: {
      const error = asRecord(p.error);
      // Esc in the TUI aborts the turn: that is the user's doing, not a failure to flag.
      if (error.name === 'MessageAbortedError') return { kind: 'ignored' };
      const message = str(asRecord(error.data).message) ?? str(error.name) ?? 'OpenCode reported an error';
      return { kind: 'error', message };
    }
    default:
      return { kind: 'ignored' };
  }
}

/** The structured request: the tool's own input when the bridge saw it, else OpenCode's permission metadata. */
export function permissionRequest(p: Record<string, unknown>): ApprovalRequestInput {
  if (typeof p.id !== 'string' || !p.id) throw new Error('permission without an id');
  const permission = str(p.permission) ?? 'unknown';
  const metadata = asRecord(p.metadata);
  const patterns = Array.isArray(p.patterns) ? p.patterns.filter((x): x is string => typeof x === 'string') : [];
  const toolName = str(p.toolName);
  const input = p.input && typeof p.input === 'object' ? (p.input as Record<string, unknown>) : undefined;
  // bash and edit permissions are one tool call; others (external_directory, webfetch, doom_loop) are about their patterns.
  if ((permission === 'bash' || permission === 'edit') && toolName && input) {
    return { ...toolRequest(toolName, input, undefined), raw: p };
  }
  // A tool that asks under its own name with no patterns of its own (an MCP tool such as paseo_create_agent asks for
  // "*"): the call itself is the request, its arguments the raw input, as Claude's and Codex's MCP calls read.
  if (toolName === permission && input && patterns.every((x) => x === '*')) return toolRequest(toolName, input, undefined);
  const base: ApprovalRequestInput = { tool: permission, raw: p };
  if (permission === 'bash') return { ...base, command: str(metadata.command) ?? patterns.join(' ') };
  if (permission === 'edit') {
    const file = str(metadata.filepath) ?? str(metadata.filePath) ?? patterns[0];
    const diff = str(metadata.diff);
    return { ...base, ...(file ? { file } : {}), ...(diff ? diffTexts(diff) : {}) };
  }
  // "*" says nothing (and would read as the shell command `*`).
  const shown = patterns.filter((x) => x !== '*');
  return shown.length ? { ...base, command: shown.join(' ') } : base;
}

/** Old and new text of a unified diff's hunks (context lines in both), for when only OpenCode's diff is known. */
export function diffTexts(diff: string): { oldText: string; newText: string } {
  const oldLines: string[] = [];
  const newLines: string[] = [];
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('@@')) {
      inHunk = true;
      continue;
    }
    if (!inHunk || line.startsWith('\\')) continue;
    if (line.startsWith('-')) oldLines.push(line.slice(1));
    else if (line.startsWith('+')) newLines.push(line.slice(1));
    else if (line.startsWith(' ') || line === '') {
      oldLines.push(line.slice(1));
      newLines.push(line.slice(1));
    }
  }
  return { oldText: oldLines.join('\n'), newText: newLines.join('\n') };
}

/** The daemon's decision as OpenCode's reply body. No decision never allows. */
export function formatOpenCodeReply(eventName: string, decision: ApprovalDecision | undefined): { status: number; body: unknown } {
  if (eventName !== OC_EVENTS.PERMISSION) return { status: 200, body: {} };
  const d = decision ?? { behavior: 'deny', message: 'no decision from paseo' };
  const body: PermissionReply = d.behavior === 'allow' ? { reply: 'once' } : { reply: 'reject', message: d.message || 'denied in paseo' };
  return { status: 200, body };
}

/** Checks the daemon's answer before it reaches OpenCode: anything but a well-formed reply is a reject (fail closed). */
export function readPermissionReply(status: number, text: string): PermissionReply {
  if (status !== 200) return { reply: 'reject', message: `paseo denied this: the daemon answered HTTP ${status}` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { reply: 'reject', message: 'paseo denied this: malformed answer from the daemon' };
  }
  const b = asRecord(body);
  if (b.reply === 'once' || b.reply === 'always') return { reply: b.reply };
  if (b.reply === 'reject') return { reply: 'reject', message: str(b.message) ?? 'denied in paseo' };
  return { reply: 'reject', message: 'paseo denied this: malformed answer from the daemon' };
}
