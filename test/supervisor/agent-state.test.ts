import { describe, expect, it } from 'vitest';
import { reduceAgent, type AgentStateEvent } from '../../src/supervisor/agent-state.js';
import type { AgentRecord } from '../../src/core/agent.js';

const T0 = new Date('2025-01-01T00:00:00Z');
const T1 = new Date('2025-01-01T00:00:05Z');

function record(over: Partial<AgentRecord> = {}): AgentRecord {
  return {
    id: 'a1',
    title: 't',
    provider: 'shell',
    mode: 'default',
    cwd: '/tmp',
    status: 'starting',
    cols: 80,
    rows: 24,
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    ...over,
  };
}

function run(start: AgentRecord, ...events: AgentStateEvent[]): AgentRecord {
  return events.reduce((r, e) => reduceAgent(r, e, T1), start);
}

describe('agent state machine', () => {
  it('spawn records pid and start time and clears a previous exit', () => {
    const r = run(record({ status: 'exited', exitCode: 1, attention: 'error' }), { kind: 'spawned', pid: 42 });
    expect(r).toMatchObject({ status: 'starting', pid: 42, startedAt: T1.toISOString(), updatedAt: T1.toISOString() });
    expect(r.exitCode).toBeUndefined();
    expect(r.attention).toBeUndefined();
  });

  it('spawn failure is status error with the message', () => {
    const r = run(record(), { kind: 'spawn-failed', message: 'no such file: nope' });
    expect(r).toMatchObject({ status: 'error', attention: 'error', statusDetail: 'no such file: nope' });
  });

  it('screen busy → running, then idle → idle with attention finished', () => {
    const running = run(record(), { kind: 'spawned', pid: 1 }, { kind: 'screen', state: 'busy' });
    expect(running.status).toBe('running');
    expect(running.attention).toBeUndefined();
    const idle = reduceAgent(running, { kind: 'screen', state: 'idle' }, T1);
    expect(idle).toMatchObject({ status: 'idle', attention: 'finished' });
  });

  it('a starting agent that turns idle is not news', () => {
    const r = run(record(), { kind: 'screen', state: 'idle' });
    expect(r.status).toBe('idle');
    expect(r.attention).toBeUndefined();
  });

  it('screen waiting asks for permission attention; unknown changes nothing', () => {
    const r = run(record({ status: 'running' }), { kind: 'screen', state: 'waiting' });
    expect(r).toMatchObject({ status: 'waiting', attention: 'permission' });
    const same = record({ status: 'running' });
    expect(reduceAgent(same, { kind: 'screen', state: 'unknown' }, T1)).toBe(same);
  });

  it('an event that changes nothing returns the same object and keeps updatedAt', () => {
    const r = record({ status: 'running' });
    const out = reduceAgent(r, { kind: 'screen', state: 'busy' }, T1);
    expect(out).toBe(r);
    expect(out.updatedAt).toBe(T0.toISOString());
  });

  it('prompt-sent starts a turn and clears attention', () => {
    const r = run(record({ status: 'idle', attention: 'finished' }), { kind: 'prompt-sent' });
    expect(r.status).toBe('running');
    expect(r.attention).toBeUndefined();
  });

  it('hook events: turn-start, turn-end, permission, error, notification, session, ignored', () => {
    const base = record({ status: 'idle' });
    expect(run(base, { kind: 'hook', event: { kind: 'turn-start' } }).status).toBe('running');
    expect(run(base, { kind: 'hook', event: { kind: 'turn-start' } }, { kind: 'hook', event: { kind: 'turn-end' } })).toMatchObject({
      status: 'idle',
      attention: 'finished',
    });
    expect(run(base, { kind: 'hook', event: { kind: 'permission', request: { tool: 'Bash', command: 'ls' } } })).toMatchObject({
      status: 'waiting',
      attention: 'permission',
    });
    const err = run(record({ status: 'running' }), { kind: 'hook', event: { kind: 'error', message: 'rate limited' } });
    expect(err).toMatchObject({ status: 'running', attention: 'error', statusDetail: 'rate limited' });
    expect(run(base, { kind: 'hook', event: { kind: 'notification', message: 'needs input', waiting: true } }).status).toBe('waiting');
    expect(run(base, { kind: 'hook', event: { kind: 'notification', message: 'fyi' } })).toBe(base);
    expect(run(base, { kind: 'hook', event: { kind: 'session', sessionRef: 'sess-1' } }).providerSessionRef).toBe('sess-1');
    expect(run(base, { kind: 'hook', event: { kind: 'ignored' } })).toBe(base);
  });

  it('user input clears attention and nothing else', () => {
    const r = run(record({ status: 'waiting', attention: 'permission' }), { kind: 'user-input' });
    expect(r.status).toBe('waiting');
    expect(r.attention).toBeUndefined();
    const quiet = record({ status: 'idle' });
    expect(reduceAgent(quiet, { kind: 'user-input' }, T1)).toBe(quiet);
  });

  it('exit 0 → exited, no attention; non-zero → exited/error; stop → no attention', () => {
    const live = record({ status: 'running', pid: 9 });
    // 'exited (0)' says it all: a clean exit does not need the user (an exited agent showed !finished for good).
    const clean = run({ ...live, attention: 'finished' }, { kind: 'exit', exitCode: 0 });
    expect(clean).toMatchObject({ status: 'exited', exitCode: 0, statusDetail: 'exit 0' });
    expect(clean.attention).toBeUndefined();
    expect(run(live, { kind: 'exit', exitCode: 3 })).toMatchObject({ status: 'exited', exitCode: 3, attention: 'error', statusDetail: 'exit 3' });
    expect(run(live, { kind: 'exit', exitCode: 0, signal: 9 })).toMatchObject({ exitSignal: 9, attention: 'error', statusDetail: 'killed by SIGKILL' });
    const stopped = run(live, { kind: 'exit', exitCode: 0, signal: 15, statusDetail: 'stopped' });
    expect(stopped).toMatchObject({ status: 'exited', statusDetail: 'stopped' });
    expect(stopped.attention).toBeUndefined();
    // After a daemon crash a resumable agent shows it is starting again, not its dead process as idle.
    const resuming = run({ ...live, attention: 'finished' }, { kind: 'resuming', statusDetail: 'resuming session s1' });
    expect(resuming).toMatchObject({ status: 'starting', statusDetail: 'resuming session s1' });
    expect(resuming.pid).toBeUndefined();
    expect(resuming.attention).toBeUndefined();
    // The daemon stopping its agents (SIGHUP to a shell) is asked for too: no error marker on every agent.
    const shutDown = run(live, { kind: 'exit', exitCode: 0, signal: 1, statusDetail: 'daemon stopped' });
    expect(shutDown).toMatchObject({ status: 'exited', statusDetail: 'daemon stopped' });
    expect(shutDown.attention).toBeUndefined();
    expect(stopped.exitedAt).toBe(T1.toISOString());
  });

  it('a dead agent ignores screen, hook, prompt and second exit events', () => {
    const dead = run(record({ status: 'running' }), { kind: 'exit', exitCode: 0 });
    for (const e of [
      { kind: 'screen', state: 'busy' },
      { kind: 'hook', event: { kind: 'turn-start' } },
      { kind: 'prompt-sent' },
      { kind: 'exit', exitCode: 5 },
      { kind: 'orphaned', statusDetail: 'daemon restarted' },
    ] as AgentStateEvent[]) {
      expect(reduceAgent(dead, e, T1)).toBe(dead);
    }
    const failed = run(record(), { kind: 'spawn-failed', message: 'x' });
    expect(reduceAgent(failed, { kind: 'screen', state: 'idle' }, T1)).toBe(failed);
  });

  it('orphaned marks a live agent exited with the reason', () => {
    const r = run(record({ status: 'running', pid: 77 }), { kind: 'orphaned', statusDetail: 'daemon restarted' });
    expect(r).toMatchObject({ status: 'exited', statusDetail: 'daemon restarted', exitedAt: T1.toISOString() });
  });

  it('archive stamps once; resize records the size', () => {
    const a = run(record({ status: 'idle', attention: 'finished' }), { kind: 'archived' });
    expect(a.archivedAt).toBe(T1.toISOString());
    expect(a.attention).toBeUndefined();
    expect(reduceAgent(a, { kind: 'archived' }, new Date())).toBe(a);
    const r = record();
    expect(run(r, { kind: 'resized', cols: 120, rows: 40 })).toMatchObject({ cols: 120, rows: 40 });
    expect(reduceAgent(r, { kind: 'resized', cols: 80, rows: 24 }, T1)).toBe(r);
  });
});
