/** What a restarted daemon does with an agent record found on disk. */
import { isLive } from '../core/agent.js';
import type { AgentAdapter } from '../core/adapter.js';
import { createLogger } from '../core/log.js';
import { isAlive } from '../terminal/process-group.js';
import { processStartTicks } from './process-start.js';
import type { AgentSession } from './agent-session.js';

const log = createLogger('recover');

/**
 * A record that was live lost its process with the old daemon. If the pid still answers, its
 * process group is killed (an orphan that would otherwise run ungated). Returns 'resume' when the
 * adapter can reattach to the CLI's own session, else marks it exited ("daemon restarted").
 */
export function recoverAgent(session: AgentSession, adapter: AgentAdapter | undefined): 'resume' | 'exited' | 'unchanged' {
  const record = session.record;
  if (!isLive(record.status)) return 'unchanged';
  if (record.pid && isAlive(record.pid) && sameProcess(record.pid, record.pidStartTicks)) {
    // node-pty makes the agent a session (and group) leader, so -pid is its whole group.
    try {
      process.kill(-record.pid, 'SIGKILL');
      log.warn('recover.killed-orphan', { agentId: record.id, pid: record.pid });
    } catch {
      // Gone between the check and the kill.
    }
  }
  if (adapter?.supportsResume && record.providerSessionRef) {
    session.dispatch({ kind: 'resuming', statusDetail: `resuming session ${record.providerSessionRef}` });
    return 'resume';
  }
  session.dispatch({ kind: 'orphaned', statusDetail: 'daemon restarted' });
  return 'exited';
}


/** A pid that started at another time is a different process that reused the number (REL-4b). */
function sameProcess(pid: number, recordedTicks: number | undefined): boolean {
  if (recordedTicks === undefined) return true;
  const now = processStartTicks(pid);
  return now === undefined || now === recordedTicks;
}
