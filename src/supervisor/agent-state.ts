/** The agent state machine: a pure reducer from lifecycle, screen and hook events to the persisted record. */
import type { AgentRecord, AgentStatus, Attention } from '../core/agent.js';
import type { HookEvent, ScreenState } from '../core/adapter.js';
import { signalName } from '../core/signals.js';

export type AgentStateEvent =
  /** `running`: the status follows the process (a `command` agent), so it runs from the start. */
  | { kind: 'spawned'; pid: number; pidStartTicks?: number; pidBootId?: string; statusDetail?: string; running?: boolean }
  /** The process could not be started at all. */
  | { kind: 'spawn-failed'; message: string }
  /** The supervisor typed a prompt and submitted it: a turn has started. */
  | { kind: 'prompt-sent' }
  /** The adapter's screen detector concluded something after output settled. */
  | { kind: 'screen'; state: ScreenState; idleIsNews?: boolean }
  /** The shell started running a command line (OSC 133 C). */
  | { kind: 'command-start' }
  /** The shell is at its prompt (OSC 133 D/A); `exitCode` when a command line ran since the last prompt. */
  | { kind: 'prompt'; exitCode?: number }
  /** The user focused or attached to the agent: whatever wanted their eye has been seen. */
  | { kind: 'seen' }
  | { kind: 'hook'; event: HookEvent }
  /** The user typed into the agent: whatever wanted their eye has been seen. */
  | { kind: 'user-input' }
  | { kind: 'exit'; exitCode: number; signal?: number; statusDetail?: string }
  /** The daemon died while the agent ran; a new process will resume the CLI's session. */
  | { kind: 'resuming'; statusDetail: string }
  /** The daemon died while the agent ran; its process is gone. */
  | { kind: 'orphaned'; statusDetail: string }
  | { kind: 'archived' }
  | { kind: 'renamed'; title: string }
  | { kind: 'resized'; cols: number; rows: number };

/** Returns a new record when the event changes something, else the same object (callers compare by identity). */
export function reduceAgent(record: AgentRecord, event: AgentStateEvent, now: Date = new Date()): AgentRecord {
  const next = apply(record, event, now);
  if (next === record) return record;
  return { ...next, updatedAt: now.toISOString() };
}

function apply(r: AgentRecord, e: AgentStateEvent, now: Date): AgentRecord {
  const live = r.status !== 'exited' && r.status !== 'error';
  switch (e.kind) {
    case 'spawned':
      return {
        ...r,
        status: e.running ? 'running' : 'starting',
        pid: e.pid,
        pidStartTicks: e.pidStartTicks,
        pidBootId: e.pidBootId,
        startedAt: now.toISOString(),
        statusDetail: e.statusDetail,
        attention: undefined,
        exitCode: undefined,
        exitSignal: undefined,
        exitedAt: undefined,
        lastExitCode: undefined,
      };
    case 'spawn-failed':
      return { ...r, status: 'error', attention: 'error', statusDetail: e.message, pid: undefined, exitedAt: now.toISOString() };
    case 'prompt-sent':
      if (!live) return r;
      return change(r, 'running', undefined);
    case 'screen':
      return live ? fromScreen(r, e.state, e.idleIsNews ?? true) : r;
    case 'command-start':
      // A new command line: the previous one's failure is no longer the news.
      return live ? change(r, 'running', undefined) : r;
    case 'prompt': {
      if (!live) return r;
      if (e.exitCode === undefined) return change(r, 'idle', r.attention);
      const attention = e.exitCode !== 0 ? 'error' : r.attention;
      if (r.status === 'idle' && r.lastExitCode === e.exitCode && r.attention === attention) return r;
      return { ...r, status: 'idle', lastExitCode: e.exitCode, attention };
    }
    case 'hook':
      return live ? fromHook(r, e.event) : r;
    case 'seen':
    case 'user-input':
      return r.attention ? { ...r, attention: undefined } : r;
    case 'exit': {
      if (!live) return r;
      const failed = e.exitCode !== 0 || !!e.signal;
      return {
        ...r,
        status: 'exited',
        exitCode: e.exitCode,
        exitSignal: e.signal || undefined,
        exitedAt: now.toISOString(),
        statusDetail: e.statusDetail ?? (e.signal ? `killed by ${signalName(e.signal)}` : `exit ${e.exitCode}`),
        // A stop someone asked for (user, archive, daemon shutdown) needs nobody's attention, nor does a clean exit
        // ('exited (0)' says it all); a failure does.
        attention: e.statusDetail === undefined && failed ? 'error' : undefined,
      };
    }
    case 'resuming':
      // Never report the dead process as if it were still idle/running while the new one starts.
      if (!live) return r;
      return { ...r, status: 'starting', statusDetail: e.statusDetail, pid: undefined, pidStartTicks: undefined, pidBootId: undefined, attention: undefined };
    case 'orphaned':
      if (!live) return r;
      return { ...r, status: 'exited', statusDetail: e.statusDetail, exitedAt: now.toISOString() };
    case 'archived':
      return r.archivedAt ? r : { ...r, archivedAt: now.toISOString(), attention: undefined };
    case 'renamed':
      return r.title === e.title ? r : { ...r, title: e.title };
    case 'resized':
      return r.cols === e.cols && r.rows === e.rows ? r : { ...r, cols: e.cols, rows: e.rows };
  }
}

function fromScreen(r: AgentRecord, state: ScreenState, idleIsNews: boolean): AgentRecord {
  switch (state) {
    case 'busy':
      return change(r, 'running', r.status === 'running' ? r.attention : undefined);
    case 'idle':
      // A turn that ran and stopped is news; an agent that was merely starting is not, nor a shell back at its prompt.
      return change(r, 'idle', r.status === 'running' && idleIsNews ? (r.attention ?? 'finished') : r.attention);
    case 'waiting':
      return change(r, 'waiting', r.status === 'waiting' ? r.attention : 'permission');
    case 'unknown':
      return r;
  }
}

function fromHook(r: AgentRecord, event: HookEvent): AgentRecord {
  switch (event.kind) {
    case 'turn-start':
      return change(r, 'running', undefined);
    case 'turn-end':
      return change(r, 'idle', 'finished');
    case 'permission':
      return change(r, 'waiting', 'permission');
    case 'error':
      return r.attention === 'error' && r.statusDetail === event.message ? r : { ...r, attention: 'error', statusDetail: event.message };
    case 'notification':
      return event.waiting ? change(r, 'waiting', r.attention ?? 'permission') : r;
    case 'session':
      return r.providerSessionRef === event.sessionRef ? r : { ...r, providerSessionRef: event.sessionRef };
    case 'ignored':
      return r;
  }
}

function change(r: AgentRecord, status: AgentStatus, attention: Attention | undefined): AgentRecord {
  if (r.status === status && r.attention === attention) return r;
  return { ...r, status, attention };
}
