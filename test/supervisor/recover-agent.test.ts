import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentSession } from '../../src/supervisor/agent-session.js';
import { recoverAgent } from '../../src/supervisor/recover-agent.js';
import { processStartTicks } from '../../src/supervisor/process-start.js';
import type { AgentRecord } from '../../src/core/agent.js';
import { pidGone, until } from './helpers/supervisor-fixture.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

function orphanGroup(): ChildProcess {
  const child = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
  children.push(child);
  return child;
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

describe('recoverAgent', () => {
  it('kills a live orphan whose start time matches, and marks the agent exited', async () => {
    const child = orphanGroup();
    const s = session({ pid: child.pid, pidStartTicks: processStartTicks(child.pid!) });
    expect(recoverAgent(s, undefined)).toBe('exited');
    expect(s.record).toMatchObject({ status: 'exited', statusDetail: 'daemon restarted' });
    await until('orphan killed', () => pidGone(child.pid!), 5_000);
  });

  it('never kills a pid that was reused by another process', () => {
    const child = orphanGroup();
    const s = session({ pid: child.pid, pidStartTicks: (processStartTicks(child.pid!) ?? 0) + 1 });
    expect(recoverAgent(s, undefined)).toBe('exited');
    expect(pidGone(child.pid!)).toBe(false);
  });

  it('leaves dead records alone', () => {
    const s = session({ status: 'exited', exitCode: 0 });
    const before = s.record;
    expect(recoverAgent(s, undefined)).toBe('unchanged');
    expect(s.record).toBe(before);
  });
});
