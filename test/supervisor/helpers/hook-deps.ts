// handleHookCall's dependencies without a PTY: one running session that records what it was told, a real broker.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { AgentAdapter } from '../../../src/core/adapter.js';
import type { AgentStatus } from '../../../src/core/agent.js';
import { toDisposable } from '../../../src/core/disposable.js';
import type { AgentSession } from '../../../src/supervisor/agent-session.js';
import type { AgentStateEvent } from '../../../src/supervisor/agent-state.js';
import { ApprovalBroker } from '../../../src/supervisor/approval-broker.js';
import { ApprovalPolicy } from '../../../src/supervisor/approvals/approval-policy.js';
import type { HookDeps } from '../../../src/supervisor/handle-hook-call.js';

export const HOOK_SECRET = 'the-secret';

export interface FakeHookSession {
  status: AgentStatus;
  events: AgentStateEvent[];
  held: number;
}

/** A session stand-in: a permission hook makes it waiting, turn-start running (as the real state machine does). */
export function hookDeps(adapter: AgentAdapter, agentId = 'a1'): { deps: HookDeps; session: FakeHookSession; broker: ApprovalBroker } {
  const state: FakeHookSession = { status: 'running', events: [], held: 0 };
  const session = {
    id: agentId,
    isRunning: true,
    get record() {
      return { id: agentId, cwd: '/proj', status: state.status };
    },
    dispatch(e: AgentStateEvent) {
      state.events.push(e);
      if (e.kind === 'hook' && e.event.kind === 'permission') state.status = 'waiting';
      if (e.kind === 'hook' && e.event.kind === 'turn-start') state.status = 'running';
      if (e.kind === 'hook' && e.event.kind === 'turn-end') state.status = 'idle';
    },
    holdApproval() {
      state.held++;
      return toDisposable(() => state.held--);
    },
  } as unknown as AgentSession;
  const broker = new ApprovalBroker(60_000);
  const policy = askingPolicy(agentId);
  const deps: HookDeps = {
    session: (id) => (id === agentId ? session : undefined),
    secret: () => HOOK_SECRET,
    adapter: async () => adapter,
    approvals: broker,
    policy,
  };
  return { deps, session: state, broker };
}

/**
 * A real policy with the default rules off, so every request is asked (for tests about the queue, not rules); its
 * home goes when the test ends. Call it inside a test.
 */
export function askingPolicy(agentId = 'a1'): ApprovalPolicy {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-hook-deps-'));
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ approvals: { defaults: false } }));
  onTestFinished(() => fs.rmSync(home, { recursive: true, force: true }));
  return new ApprovalPolicy(home, { subject: (id) => (id === agentId ? { agentId, cwd: '/proj' } : undefined) });
}

/** Resolves once the broker has a pending request (the hook is parked on it). */
export function nextRequest(broker: ApprovalBroker): Promise<string> {
  const now = broker.list();
  if (now.length > 0) return Promise.resolve(now.at(-1)!.id);
  return new Promise((resolve) => {
    const sub = broker.onDidChange((c) => {
      if (c.kind !== 'added') return;
      sub.dispose();
      resolve(c.requestId);
    });
  });
}
