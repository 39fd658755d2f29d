/** Blocking on an agent for MCP callers: until it settles (idle, waiting for a permission, exited), with progress meanwhile. */
import type { AgentRecord, WaitResult } from '../core/agent.js';
import { Mcp } from '../core/constants.js';
import { PaseoError } from '../core/errors.js';
import type { ToolContext } from './tool.js';

/** Never cut by a timeout of ours: each slice is only how often progress is reported. */
export async function waitSettled(ctx: ToolContext, agentId: string): Promise<WaitResult> {
  for (;;) {
    if (ctx.signal.aborted) throw new PaseoError('timeout', `stopped waiting for agent ${agentId}: the call was cancelled`);
    const r = await ctx.api.waitForAgent(agentId, { timeoutMs: ctx.progressIntervalMs });
    if (r.outcome !== 'timeout') return r;
    await ctx.progress(`agent ${agentId} is ${r.agent.status}`);
  }
}

export interface AgentStatusReport {
  agentId: string;
  title: string;
  provider: string;
  cwd: string;
  status: AgentRecord['status'];
  /** idle | waiting | exited: how the wait ended (only for blocking calls). */
  outcome?: WaitResult['outcome'];
  exitCode?: number;
  statusDetail?: string;
  parentAgentId?: string;
  /** What the agent waits for: the pending approval requests' tools and commands. */
  waitingFor?: string[];
  /** The agent's last answer: the last lines of its screen. */
  lastAnswer?: string;
}

export async function statusReport(ctx: ToolContext, agent: AgentRecord, opts: { outcome?: WaitResult['outcome']; answer?: boolean } = {}): Promise<AgentStatusReport> {
  const report: AgentStatusReport = {
    agentId: agent.id,
    title: agent.title,
    provider: agent.model ? `${agent.provider}/${agent.model}` : agent.provider,
    cwd: agent.cwd,
    status: agent.status,
    ...(opts.outcome ? { outcome: opts.outcome } : {}),
    ...(agent.exitCode !== undefined ? { exitCode: agent.exitCode } : {}),
    ...(agent.statusDetail ? { statusDetail: agent.statusDetail } : {}),
    ...(agent.parentAgentId ? { parentAgentId: agent.parentAgentId } : {}),
  };
  if (agent.status === 'waiting' && ctx.api.listApprovals) {
    const asks = (await ctx.api.listApprovals()).filter((a) => a.agentId === agent.id);
    if (asks.length > 0) report.waitingFor = asks.map((a) => `${a.tool}${a.command ? `: ${a.command}` : a.file ? ` ${a.file}` : ''}`);
  }
  if (opts.answer !== false) {
    const text = await ctx.api.readLogs(agent.id, { tail: Mcp.ANSWER_TAIL_LINES }).catch(() => '');
    report.lastAnswer = text.replace(/\s+$/, '');
  }
  return report;
}

export async function blockAndReport(ctx: ToolContext, agentId: string): Promise<AgentStatusReport> {
  const r = await waitSettled(ctx, agentId);
  return statusReport(ctx, r.agent, { outcome: r.outcome });
}

/** Runs `work`, telling the client it is alive every slice (a setup waiting in the approval queue can take a person's while). */
export async function withHeartbeat<T>(ctx: ToolContext, what: string, work: Promise<T>): Promise<T> {
  const timer = setInterval(() => void ctx.progress(what).catch(() => {}), ctx.progressIntervalMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
