/**
 * The queue as clients see it: the broker's pending hook requests and the agents asking on their own screen, each
 * with its agent's title and provider, and every change as an approval event (`approval.added` / `approval.decided`)
 * so every client's queue and count follow the daemon's.
 *
 * "Asks on its screen": an agent whose adapter knows the keys for its own yes/no prompt (`screenApprovalKeys`, Aider)
 * and whose screen says it waits, with no hook request of its own, is an item `screen-<agentId>` carrying its last
 * screen lines; deciding it types the adapter's keys. It leaves the queue when the agent stops waiting.
 */
import type { AgentAdapter, ApprovalDecision } from '../../core/adapter.js';
import type { AgentRecord } from '../../core/agent.js';
import { Approval } from '../../core/constants.js';
import { DisposableBase } from '../../core/disposable.js';
import { PaseoError } from '../../core/errors.js';
import { Emitter, type Event } from '../../core/event.js';
import type { ApprovalEvent, ApprovalInfo } from '../../core/protocol.js';
import { sanitizeText } from '../../core/sanitize.js';
import type { ApprovalBroker } from '../approval-broker.js';

const SCREEN_PREFIX = 'screen-';

/** What the feed needs of the supervisor's agents. */
export interface FeedAgents {
  record(agentId: string): AgentRecord | undefined;
  adapter(agentId: string): AgentAdapter | undefined;
  /** The agent's visible screen lines, top to bottom. */
  screenLines(agentId: string): string[];
  write(agentId: string, data: string): void;
  readonly onDidChangeAgent: Event<{ kind: string; agent?: AgentRecord; agentId?: string }>;
}

export class ApprovalFeed extends DisposableBase {
  private readonly emitter = this.register(new Emitter<ApprovalEvent>());
  readonly onDidChange: Event<ApprovalEvent> = this.emitter.event;
  /** Screen asks by agent id. */
  private readonly screenAsks = new Map<string, ApprovalInfo>();

  constructor(
    private readonly broker: ApprovalBroker,
    private readonly agents: FeedAgents,
  ) {
    super();
    this.register(
      broker.onDidChange((c) => {
        if (c.kind === 'added') {
          const request = broker.get(c.requestId);
          if (request) this.emitter.fire({ kind: 'approval.added', approval: this.info(request) });
          // A hook asks now: the same wait is no longer a screen ask.
          this.dropScreenAsk(c.agentId, 'deny', 'hook');
        } else this.emitter.fire({ kind: 'approval.decided', requestId: c.requestId, agentId: c.agentId, behavior: c.decision.behavior, by: c.by });
      }),
    );
    this.register(
      agents.onDidChangeAgent((e) => {
        if (e.kind === 'removed' && e.agentId) this.dropScreenAsk(e.agentId, 'deny', 'cancel');
        else if (e.agent) this.followScreen(e.agent);
      }),
    );
  }

  /** Pending requests and screen asks, oldest first. */
  list(): ApprovalInfo[] {
    return [...this.broker.list().map((r) => this.info(r)), ...this.screenAsks.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  get(requestId: string): ApprovalInfo | undefined {
    if (requestId.startsWith(SCREEN_PREFIX)) return this.screenAsks.get(requestId.slice(SCREEN_PREFIX.length));
    const r = this.broker.get(requestId);
    return r ? this.info(r) : undefined;
  }

  /** A screen ask's decision: the adapter's keys for its prompt (y/n), then the item leaves. Hook requests go to the broker. */
  decideScreenAsk(requestId: string, decision: ApprovalDecision): boolean {
    if (!requestId.startsWith(SCREEN_PREFIX)) return false;
    const agentId = requestId.slice(SCREEN_PREFIX.length);
    const ask = this.screenAsks.get(agentId);
    const keys = this.agents.adapter(agentId)?.screenApprovalKeys;
    if (!ask || !keys) throw new PaseoError('not_pending', `request ${requestId} is no longer waiting (the agent's screen no longer asks)`, { requestId });
    this.agents.write(agentId, decision.behavior === 'allow' ? keys.allow : keys.deny);
    this.dropScreenAsk(agentId, decision.behavior, 'user');
    return true;
  }

  private info(r: ReturnType<ApprovalBroker['list']>[number]): ApprovalInfo {
    const agent = this.agents.record(r.agentId);
    return { ...r, ...(agent ? { agentTitle: sanitizeText(agent.title), provider: agent.provider } : {}), source: 'hook' };
  }

  private followScreen(agent: AgentRecord): void {
    const keys = this.agents.adapter(agent.id)?.screenApprovalKeys;
    const asking = keys !== undefined && agent.status === 'waiting' && !this.broker.list().some((r) => r.agentId === agent.id);
    if (!asking) return this.dropScreenAsk(agent.id, 'deny', 'cancel');
    if (this.screenAsks.has(agent.id)) return;
    const lines = this.agents.screenLines(agent.id).map(sanitizeText);
    while (lines.length && !lines[lines.length - 1]!.trim()) lines.pop();
    const screen = lines.slice(-Approval.SCREEN_ASK_LINES);
    const now = new Date().toISOString();
    const ask: ApprovalInfo = {
      id: `${SCREEN_PREFIX}${agent.id}`,
      agentId: agent.id,
      agentTitle: sanitizeText(agent.title),
      provider: agent.provider,
      tool: 'screen',
      cwd: agent.cwd,
      summary: `asks on its screen: ${(screen[screen.length - 1] ?? '').trim()}`.slice(0, 200),
      source: 'screen',
      screen,
      createdAt: now,
      // Nothing denies a screen ask by itself: the agent waits on its own terms.
      deadlineAt: '',
    };
    this.screenAsks.set(agent.id, ask);
    this.emitter.fire({ kind: 'approval.added', approval: ask });
  }

  private dropScreenAsk(agentId: string, behavior: 'allow' | 'deny', by: string): void {
    const ask = this.screenAsks.get(agentId);
    if (!ask) return;
    this.screenAsks.delete(agentId);
    this.emitter.fire({ kind: 'approval.decided', requestId: ask.id, agentId, behavior, by });
  }
}

