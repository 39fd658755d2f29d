/**
 * `paseo wait --quiet 5s`: until the agent's terminal has printed nothing for that long (counted from the start of the
 * wait), it exits, or the timeout passes. For programs with no turns (a `command` agent is running while it lives):
 * a build that went silent, a server that finished starting up.
 */
import type { AgentRecord } from '../core/agent.js';
import { isLive } from '../core/agent.js';
import type { PaseoApi } from '../core/api.js';
import type { Disposable } from '../core/disposable.js';

export type QuietOutcome = 'quiet' | 'exited' | 'timeout';

export async function waitQuiet(api: PaseoApi, agent: AgentRecord, quietMs: number, timeoutMs?: number): Promise<{ outcome: QuietOutcome; agent: AgentRecord }> {
  if (!isLive(agent.status)) return { outcome: 'exited', agent };
  let finish!: (outcome: QuietOutcome) => void;
  const done = new Promise<QuietOutcome>((resolve) => (finish = resolve));
  let latest = agent;
  let quiet: NodeJS.Timeout | undefined;
  const rearm = (): void => {
    if (quiet) clearTimeout(quiet);
    quiet = setTimeout(() => finish('quiet'), quietMs);
  };
  const events = api.onDidChangeAgent((e) => {
    if (e.kind === 'removed' || e.agent.id !== agent.id) return;
    latest = e.agent;
    if (!isLive(e.agent.status)) finish('exited');
  });
  const deadline = timeoutMs === undefined ? undefined : setTimeout(() => finish('timeout'), timeoutMs);
  let sub: Disposable | undefined;
  try {
    rearm();
    sub = await api.subscribeTerminal(agent.id, { onSnapshot: () => {}, onDelta: (d) => d.kind === 'output' && rearm() }, { scrollbackLines: 0 });
    // It may have exited before the event subscription took effect.
    latest = await api.getAgent(agent.id);
    if (!isLive(latest.status)) finish('exited');
    return { outcome: await done, agent: latest };
  } finally {
    if (quiet) clearTimeout(quiet);
    if (deadline) clearTimeout(deadline);
    events.dispose();
    sub?.dispose();
  }
}
