/** What a restarted daemon does with an agent record found on disk. */
import { isLive, type AgentRecord } from '../core/agent.js';
import type { AgentAdapter } from '../core/adapter.js';
import { createLogger } from '../core/log.js';
import { signalSession, type KillFn } from '../terminal/process-group.js';
import { checkIdentity } from './process-start.js';
import type { AgentSession } from './agent-session.js';

const log = createLogger('recover');

export interface RecoverDeps {
  /** Sends the signals (process.kill by default; tests pass a recorder). */
  kill?: KillFn;
}

/**
 * A record that was live lost its process with the old daemon. If that very process still runs, its session is
 * killed (an orphan that would otherwise run ungated). Returns 'resume' when the adapter can reattach to the CLI's
 * own session, else marks it exited ("daemon restarted").
 */
export function recoverAgent(session: AgentSession, adapter: AgentAdapter | undefined, deps: RecoverDeps = {}): 'resume' | 'exited' | 'unchanged' {
  const record = session.record;
  if (!isLive(record.status)) return 'unchanged';
  killOrphan(record, deps.kill ?? process.kill);
  if (adapter?.supportsResume && record.providerSessionRef) {
    session.dispatch({ kind: 'resuming', statusDetail: `resuming session ${record.providerSessionRef}` });
    return 'resume';
  }
  session.dispatch({ kind: 'orphaned', statusDetail: 'daemon restarted' });
  return 'exited';
}

/**
 * Signals only the process paseo started: a pid above 1 whose start time (and boot) match the ones recorded at spawn
 * and that still leads its own session and group, as node-pty's forkpty made it. Anything else is left alone, with
 * the reason logged: a pid of 1, a record without a start time or a reused pid must never be signalled.
 */
function killOrphan(record: AgentRecord, kill: KillFn): void {
  if (record.pid === undefined) return;
  const context = { agentId: record.id, pid: record.pid };
  const id = checkIdentity({ pid: record.pid, startTicks: record.pidStartTicks, bootId: record.pidBootId });
  if (id.kind === 'gone') return;
  if (id.kind !== 'same') {
    log.warn('recover.left-alone', { ...context, reason: id.reason });
    return;
  }
  if (id.stat.session !== id.pid || id.stat.pgrp !== id.pid) {
    log.warn('recover.left-alone', { ...context, reason: `it no longer leads its own session (sid ${id.stat.session}, pgrp ${id.stat.pgrp})` });
    return;
  }
  signalSession(id.pid, 'SIGKILL', kill);
  log.warn('recover.killed-orphan', context);
}
