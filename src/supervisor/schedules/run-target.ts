/**
 * One run of a schedule: the prompt to its target agent (queued behind a busy turn) or to a new agent, then wait until
 * that agent settles. A new agent that asks permission fails the run at once, naming the tool (nobody is there to
 * answer an unattended run), unless the schedule allows asking.
 */
import type { AgentRecord } from '../../core/agent.js';
import { isLive } from '../../core/agent.js';
import type { PaseoApi } from '../../core/api.js';
import type { ScheduleDetail } from '../../core/schedule.js';

type Api = Pick<PaseoApi, 'createAgent' | 'sendText' | 'waitForAgent' | 'stopAgent' | 'listApprovals' | 'onDidChangeAgent'>;

export interface RunHooks {
  /** The agent the run went to; queued: the prompt waits for the target's turn to end (the run stays 'queued' till done). */
  started(agentId: string, queued: boolean): void;
}

export interface RunResult {
  ok: boolean;
  message?: string;
}

export async function runTarget(api: Api, s: ScheduleDetail, hooks: RunHooks): Promise<RunResult> {
  if (s.target === 'new-agent') {
    const agent = await api.createAgent({
      prompt: s.prompt,
      title: s.name,
      ...(s.provider ? { provider: s.provider } : {}),
      ...(s.cwd ? { cwd: s.cwd } : {}),
      ...(s.mode ? { mode: s.mode } : {}),
      ...(s.createdBy ? { parentAgentId: s.createdBy } : {}),
    });
    hooks.started(agent.id, false);
    return settle(api, agent.id, !s.allowAsk);
  }
  const sent = await api.sendText(s.target, s.prompt, { queue: true });
  hooks.started(s.target, sent.queued);
  return settle(api, s.target, false);
}

/** Until the agent is idle or exited; a permission ask either fails the run (failOnAsk) or is waited through. */
async function settle(api: Api, agentId: string, failOnAsk: boolean): Promise<RunResult> {
  for (;;) {
    const r = await api.waitForAgent(agentId);
    if (r.outcome === 'idle') return { ok: true };
    if (r.outcome === 'exited') return exitResult(r.agent);
    if (r.outcome !== 'waiting') continue;
    if (failOnAsk) {
      const asks = api.listApprovals ? (await api.listApprovals()).filter((a) => a.agentId === agentId) : [];
      const what = asks.length > 0 ? asks.map((a) => `${a.tool}${a.command ? ` (${a.command})` : a.file ? ` (${a.file})` : ''}`).join(', ') : 'an action';
      await api.stopAgent(agentId).catch(() => undefined);
      return { ok: false, message: `asked permission for ${what}; an unattended run does not wait (stopped; use another mode or allow asking)` };
    }
    await leftWaiting(api, agentId);
  }
}

function exitResult(agent: AgentRecord): RunResult {
  if (agent.status === 'error') return { ok: false, message: agent.statusDetail ?? 'the agent failed' };
  if (agent.exitCode !== undefined && agent.exitCode !== 0) return { ok: false, message: `the agent exited with code ${agent.exitCode}` };
  return { ok: true, message: 'the agent exited' };
}

/** Resolves once the agent is no longer waiting for a permission (a person decided). */
function leftWaiting(api: Api, agentId: string): Promise<void> {
  return new Promise((resolve) => {
    const sub = api.onDidChangeAgent((e) => {
      if (e.kind === 'removed' ? e.agentId === agentId : e.agent.id === agentId && (e.agent.status !== 'waiting' || !isLive(e.agent.status))) {
        sub.dispose();
        resolve();
      }
    });
  });
}
