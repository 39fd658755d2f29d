/**
 * Terminal notifications for agents that need the user: when an agent's attention turns to permission, error or
 * finished, a notice (OSC 9 / OSC 777 desktop notification) is due. Permission asks also arrive in the approval
 * queue, which rings the bell for them, so their notice carries no second bell.
 */
import type { AgentRecord, Attention } from '../core/agent.js';
import type { AgentEvent } from '../core/protocol.js';
import { sanitizeLine } from '../core/sanitize.js';

export interface TerminalNotice {
  title: string;
  body: string;
  /** Ring the bell with it. */
  bell: boolean;
}

const BODY: Record<Attention, string> = { permission: 'needs permission', error: 'failed', finished: 'finished' };

export class AttentionNotices {
  private readonly last = new Map<string, Attention | undefined>();

  /** The notice an agent event calls for, if any: only on a change of attention to a value, never for a first listing. */
  next(e: AgentEvent): TerminalNotice | undefined {
    if (e.kind === 'removed') return void this.last.delete(e.agentId);
    const prev = this.last.get(e.agent.id);
    const known = this.last.has(e.agent.id);
    this.last.set(e.agent.id, e.agent.attention);
    const a = e.agent.attention;
    if (e.kind !== 'changed' || !a || a === prev || (!known && a === 'finished')) return undefined;
    return noticeFor(e.agent, a);
  }
}

export function noticeFor(agent: AgentRecord, a: Attention): TerminalNotice {
  const detail = a === 'error' && agent.statusDetail ? `: ${sanitizeLine(agent.statusDetail)}` : '';
  return { title: `paseo: ${sanitizeLine(agent.title)}`, body: `${BODY[a]}${detail}`, bell: a !== 'permission' };
}
