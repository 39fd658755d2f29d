// Attention means "needs you": a real agent's finished turn, a failed command, a permission request, an error. The
// state machine's rules for shell marks, command agents and seen, and how the CLI shows them.
import { describe, expect, it } from 'vitest';
import { reduceAgent, type AgentStateEvent } from '../../src/supervisor/agent-state.js';
import type { AgentRecord } from '../../src/core/agent.js';
import { statusLabel } from '../../src/cli/format.js';
import { ExitCode, exitCodeForWait } from '../../src/cli/exit-codes.js';
import { reportWait } from '../../src/cli/agent-output.js';
import type { CommandContext } from '../../src/cli/command-context.js';
import type { PaseoApi } from '../../src/core/api.js';
import type { WaitResult } from '../../src/core/agent.js';

const T0 = new Date('2025-01-01T00:00:00Z');

function record(over: Partial<AgentRecord> = {}): AgentRecord {
  return { id: 'a1', title: 't', provider: 'shell', mode: 'default', cwd: '/tmp', status: 'starting', cols: 80, rows: 24, createdAt: T0.toISOString(), updatedAt: T0.toISOString(), ...over };
}

function run(start: AgentRecord, ...events: AgentStateEvent[]): AgentRecord {
  return events.reduce((r, e) => reduceAgent(r, e, T0), start);
}

describe('shell marks', () => {
  it('first prompt: starting → idle, nothing to report', () => {
    const r = run(record(), { kind: 'prompt' });
    expect(r.status).toBe('idle');
    expect(r.attention).toBeUndefined();
    expect(r.lastExitCode).toBeUndefined();
  });

  it('a failed command: idle with its status and attention error; the next command line clears it', () => {
    const failed = run(record({ status: 'idle' }), { kind: 'command-start' }, { kind: 'prompt', exitCode: 2 });
    expect(failed).toMatchObject({ status: 'idle', lastExitCode: 2, attention: 'error' });
    const running = run(failed, { kind: 'command-start' });
    expect(running.status).toBe('running');
    expect(running.attention).toBeUndefined();
    const passed = run(running, { kind: 'prompt', exitCode: 0 });
    expect(passed).toMatchObject({ status: 'idle', lastExitCode: 0 });
    expect(passed.attention).toBeUndefined();
  });

  it('a prompt with no command (empty line) keeps the last status and attention', () => {
    const failed = record({ status: 'idle', lastExitCode: 1, attention: 'error' });
    expect(run(failed, { kind: 'prompt' })).toBe(failed);
  });

  it('marks after exit change nothing', () => {
    const gone = record({ status: 'exited', exitCode: 0 });
    expect(run(gone, { kind: 'command-start' }, { kind: 'prompt', exitCode: 1 })).toBe(gone);
  });

  it('a new process forgets the last command', () => {
    expect(run(record({ status: 'exited', lastExitCode: 1 }), { kind: 'spawned', pid: 7 }).lastExitCode).toBeUndefined();
  });
});

describe('screen results', () => {
  it('idle after running is news for an agent CLI, not for a shell without marks', () => {
    const running = record({ status: 'running' });
    expect(run(running, { kind: 'screen', state: 'idle' }).attention).toBe('finished');
    const shell = run(running, { kind: 'screen', state: 'idle', idleIsNews: false });
    expect(shell.status).toBe('idle');
    expect(shell.attention).toBeUndefined();
  });
});

describe('command agents', () => {
  it('run from spawn when their status follows the process', () => {
    expect(run(record(), { kind: 'spawned', pid: 5, running: true }).status).toBe('running');
    expect(run(record(), { kind: 'spawned', pid: 5 }).status).toBe('starting');
  });
});

describe('seen', () => {
  it('focus or attach clears any attention, whatever the status', () => {
    for (const attention of ['finished', 'error', 'permission'] as const) {
      const r = run(record({ status: attention === 'permission' ? 'waiting' : 'idle', attention }), { kind: 'seen' });
      expect(r.attention).toBeUndefined();
    }
    const exited = run(record({ status: 'exited', exitCode: 1, attention: 'error' }), { kind: 'seen' });
    expect(exited.attention).toBeUndefined();
    const quiet = record({ status: 'idle' });
    expect(run(quiet, { kind: 'seen' })).toBe(quiet);
  });
});

describe('how the CLI shows it', () => {
  it('status labels: signal, last command, resumed', () => {
    expect(statusLabel(record({ status: 'exited', exitCode: 0, exitSignal: 9, attention: 'error' }))).toBe('exited (SIGKILL) !error');
    expect(statusLabel(record({ status: 'exited', exitCode: 3 }))).toBe('exited (3)');
    expect(statusLabel(record({ status: 'idle', lastExitCode: 1, attention: 'error' }))).toBe('idle (last exit 1) !error');
    expect(statusLabel(record({ status: 'running', lastExitCode: 1 }))).toBe('running');
    expect(statusLabel(record({ status: 'idle', provider: 'claude', statusDetail: 'resumed session abc', attention: 'finished' }))).toBe('idle (resumed) !finished');
    expect(statusLabel(record({ status: 'starting', provider: 'claude', statusDetail: 'resuming session abc' }))).toBe('starting (resuming)');
  });

  it('exit code 6 when an idle shell\'s last command failed', () => {
    expect(exitCodeForWait({ outcome: 'idle', agent: record({ status: 'idle', lastExitCode: 1 }) })).toBe(ExitCode.COMMAND_FAILED);
    expect(ExitCode.COMMAND_FAILED).toBe(6);
    expect(exitCodeForWait({ outcome: 'idle', agent: record({ status: 'idle', lastExitCode: 0 }) })).toBe(ExitCode.OK);
    expect(exitCodeForWait({ outcome: 'idle', agent: record({ status: 'idle' }) })).toBe(ExitCode.OK);
    expect(exitCodeForWait({ outcome: 'exited', agent: record({ status: 'exited', lastExitCode: 1 }) })).toBe(ExitCode.EXITED);
  });
});

describe('what run/send/wait say', () => {
  async function report(result: WaitResult): Promise<{ lines: string[]; code: number | undefined }> {
    const lines: string[] = [];
    let code: number | undefined;
    const ctx = {
      globals: () => ({ home: '', listen: '', embedded: false, json: false }),
      out: (t: string) => lines.push(t),
      json: () => {},
      setExitCode: (c: number) => (code = c),
    } as unknown as CommandContext;
    const api = { readLogs: async () => '' } as unknown as PaseoApi;
    await reportWait(ctx, api, result);
    return { lines, code };
  }

  it('a permission wait says so, not "waiting for input"', async () => {
    const permission = await report({ outcome: 'waiting', agent: record({ status: 'waiting', attention: 'permission' }) });
    expect(permission.lines).toEqual(['paseo: a1 is waiting for a permission decision (paseo permit)']);
    expect(permission.code).toBe(ExitCode.WAITING);
    expect((await report({ outcome: 'waiting', agent: record({ status: 'waiting' }) })).lines).toEqual(['paseo: a1 is waiting for input']);
  });

  it('a killed agent names the signal; a failed shell command names its status', async () => {
    expect((await report({ outcome: 'exited', agent: record({ status: 'exited', exitCode: 0, exitSignal: 9 }) })).lines).toEqual(['paseo: a1 exited (SIGKILL)']);
    const failed = await report({ outcome: 'idle', agent: record({ status: 'idle', lastExitCode: 2 }) });
    expect(failed).toEqual({ lines: ['paseo: a1: the command failed (exit 2)'], code: ExitCode.COMMAND_FAILED });
  });
});
