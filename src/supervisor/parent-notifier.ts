/**
 * notifyOnFinish: when a child agent finishes a turn, needs permission, exits or fails, a short message (its title
 * and id, the outcome, the first lines of its last answer) goes to its parent as a prompt, queued while the parent
 * is busy. Each message is written to PASEO_HOME/notifications/ before it is handed over and removed once the
 * parent's session took it, so a daemon restart in between sends it then.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AgentRecord, AgentStatus } from '../core/agent.js';
import { isLive } from '../core/agent.js';
import type { PaseoApi } from '../core/api.js';
import { Mcp } from '../core/constants.js';
import type { Disposable } from '../core/disposable.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { writeFileAtomic } from './atomic-write.js';

const log = createLogger('notify');

type Api = Pick<PaseoApi, 'onDidChangeAgent' | 'sendText' | 'readLogs' | 'listApprovals'>;

interface Pending {
  parentAgentId: string;
  childAgentId: string;
  text: string;
}

/** The outcome a status change means for the parent, or undefined when it is none of its business. */
export function outcomeOf(prev: AgentStatus | undefined, next: AgentRecord): string | undefined {
  // Unknown before (records read back at startup): not a change this daemon saw, and not news for the parent again.
  if (prev === undefined || prev === next.status) return undefined;
  if (next.status === 'idle' && prev === 'running') return 'finished';
  if (next.status === 'waiting') return 'needs permission';
  if (next.status === 'error' && isLive(prev)) return `failed${next.statusDetail ? ` (${next.statusDetail})` : ''}`;
  if (next.status === 'exited' && isLive(prev)) return `exited${next.exitCode !== undefined ? ` with code ${next.exitCode}` : ''}`;
  return undefined;
}

export class ParentNotifier implements Disposable {
  private readonly last = new Map<string, AgentStatus>();
  private readonly sub: Disposable;
  private readonly dir: string;

  constructor(
    home: string,
    private readonly api: Api,
  ) {
    this.dir = path.join(home, 'notifications');
    this.sub = api.onDidChangeAgent((e) => {
      if (e.kind === 'removed') return void this.last.delete(e.agentId);
      const prev = this.last.get(e.agent.id);
      this.last.set(e.agent.id, e.agent.status);
      if (e.kind !== 'changed' || !e.agent.notifyOnFinish || !e.agent.parentAgentId) return;
      const outcome = outcomeOf(prev, e.agent);
      if (outcome) void this.notify(e.agent, outcome);
    });
  }

  /** Hands over messages a previous daemon wrote but did not deliver (call once the agents are loaded). */
  resendPending(): void {
    let files: string[];
    try {
      files = fs.readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    } catch {
      return;
    }
    for (const f of files) {
      const file = path.join(this.dir, f);
      try {
        void this.deliver(file, JSON.parse(fs.readFileSync(file, 'utf8')) as Pending);
      } catch (err) {
        log.warn('notify.unreadable', { file, error: errorMessage(err) });
      }
    }
  }

  dispose(): void {
    this.sub.dispose();
  }

  private async notify(child: AgentRecord, outcome: string): Promise<void> {
    try {
      const text = await this.message(child, outcome);
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const file = path.join(this.dir, `${randomUUID()}.json`);
      const pending: Pending = { parentAgentId: child.parentAgentId!, childAgentId: child.id, text };
      await writeFileAtomic(file, JSON.stringify(pending));
      await this.deliver(file, pending);
    } catch (err) {
      log.warn('notify.failed', { agentId: child.id, parent: child.parentAgentId, error: errorMessage(err) });
    }
  }

  private async deliver(file: string, pending: Pending): Promise<void> {
    try {
      await this.api.sendText(pending.parentAgentId, pending.text, { queue: true });
      log.info('notify.delivered', { parent: pending.parentAgentId, child: pending.childAgentId });
    } catch (err) {
      // The parent is gone (removed, unknown): nobody to tell; keeping the file would retry it forever.
      log.warn('notify.undeliverable', { parent: pending.parentAgentId, child: pending.childAgentId, error: errorMessage(err) });
    }
    fs.rmSync(file, { force: true });
  }

  private async message(child: AgentRecord, outcome: string): Promise<string> {
    let detail = '';
    if (child.status === 'waiting' && this.api.listApprovals) {
      const asks = (await this.api.listApprovals()).filter((a) => a.agentId === child.id);
      if (asks.length > 0) detail = ` for ${asks.map((a) => `${a.tool}${a.command ? `: ${a.command}` : a.file ? ` ${a.file}` : ''}`).join(', ')}`;
    }
    const screen = await this.api.readLogs(child.id, { tail: Mcp.ANSWER_TAIL_LINES }).catch(() => '');
    const lines = screen.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '').slice(-Mcp.NOTIFY_ANSWER_LINES);
    const head = `[paseo] child agent "${child.title}" (${child.id}) ${outcome}${detail}.`;
    return lines.length > 0 ? `${head} Last lines of its answer:\n${lines.join('\n')}` : head;
  }
}
