import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentSession } from '../../src/supervisor/agent-session.js';
import { recoverAgent } from '../../src/supervisor/recover-agent.js';
import { currentBootId, processStartTicks } from '../../src/supervisor/process-start.js';
import type { AgentRecord } from '../../src/core/agent.js';
import { pidGone } from './helpers/supervisor-fixture.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';

// Every test records signals with a fake kill: recovery must never reach the real process.kill here. The processes
// below are this test's own `sleep`s, ended by their pid (never a group) after each test.
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A live process in its own session and group (detached: setsid), as a PTY agent is. */
function sessionLeader(): number {
  const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

/** A live process that shares this test's session and group: not one paseo could have made a session leader. */
function sessionMember(): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

function fakeKill(): { kill: (pid: number, signal: NodeJS.Signals | number) => void; calls: Array<[number, NodeJS.Signals | number]> } {
  const calls: Array<[number, NodeJS.Signals | number]> = [];
  return { kill: (pid, signal) => void calls.push([pid, signal]), calls };
}

function session(over: Partial<AgentRecord>): AgentSession {
  const now = new Date().toISOString();
  const record: AgentRecord = {
    id: 'r1', title: 'r', provider: 'shell', mode: 'default', cwd: '/tmp', status: 'running', cols: 80, rows: 24,
    createdAt: now, updatedAt: now, ...over,
  };
  return new AgentSession(record, {
    onRecord: () => {}, saveScreen: async () => {}, onExit: () => {}, scrollbackLines: 100,
    restoreScreen: () => new HeadlessScreen({ cols: 80, rows: 24 }),
  });
}

function recordOf(pid: number): Partial<AgentRecord> {
  return { pid, pidStartTicks: processStartTicks(pid), pidBootId: currentBootId() };
}

describe('recoverAgent', () => {
  it('kills the session of a live orphan whose pid, start time and boot match, and marks the agent exited', () => {
    const pid = sessionLeader();
    const { kill, calls } = fakeKill();
    const s = session(recordOf(pid));
    expect(recoverAgent(s, undefined, { kill })).toBe('exited');
    expect(s.record).toMatchObject({ status: 'exited', statusDetail: 'daemon restarted' });
    expect(calls).toContainEqual([-pid, 'SIGKILL']);
    // Only its group and the members of its own session: never pid ≤ 1, never another group.
    for (const [target] of calls) expect(target === -pid || target === pid).toBe(true);
  });

  it('never signals pid 1, even when its start time and boot are recorded exactly', () => {
    const { kill, calls } = fakeKill();
    const s = session({ pid: 1, pidStartTicks: processStartTicks(1), pidBootId: currentBootId() });
    expect(recoverAgent(s, undefined, { kill })).toBe('exited');
    expect(calls).toEqual([]);
  });

  it('never signals a live process when the record has no start time', () => {
    const pid = sessionLeader();
    const { kill, calls } = fakeKill();
    expect(recoverAgent(session({ pid }), undefined, { kill })).toBe('exited');
    expect(calls).toEqual([]);
    expect(pidGone(pid)).toBe(false);
  });

  it('never signals a pid that was reused by another process', () => {
    const pid = sessionLeader();
    const { kill, calls } = fakeKill();
    const s = session({ ...recordOf(pid), pidStartTicks: processStartTicks(pid)! + 1 });
    expect(recoverAgent(s, undefined, { kill })).toBe('exited');
    expect(calls).toEqual([]);
  });

  it('never signals a record from another boot', () => {
    const pid = sessionLeader();
    const { kill, calls } = fakeKill();
    const s = session({ ...recordOf(pid), pidBootId: '00000000-0000-0000-0000-000000000000' });
    recoverAgent(s, undefined, { kill });
    expect(calls).toEqual([]);
  });

  it('never signals a matching process that does not lead its own session (not the leader forkpty made)', () => {
    const pid = sessionMember();
    const { kill, calls } = fakeKill();
    recoverAgent(session(recordOf(pid)), undefined, { kill });
    expect(calls).toEqual([]);
  });

  it('leaves dead records alone', () => {
    const { kill, calls } = fakeKill();
    const s = session({ status: 'exited', exitCode: 0 });
    const before = s.record;
    expect(recoverAgent(s, undefined, { kill })).toBe('unchanged');
    expect(s.record).toBe(before);
    expect(calls).toEqual([]);
  });
});
