// Status that tells the truth, on real PTYs: bash reports each command's exit status (OSC 133 marks from paseo's
// private rc), attention means "needs you", prompts wait for a slow shell, and a command agent runs while it lives.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Status } from '../../src/core/constants.js';
import type { TerminalDelta } from '../../src/core/protocol.js';
import { statusLabel } from '../../src/cli/format.js';
import type { Supervisor } from '../../src/supervisor/supervisor.js';
import { closeAll, openSupervisor, recordStatuses, statusReached, tempHome } from './helpers/supervisor-fixture.js';

afterEach(closeAll);

/** Resolves after `n` more output chunks of the agent's screen (those containing `text`, when given). */
function outputs(sup: Supervisor, agentId: string, n: number, text = ''): Promise<void> {
  return new Promise((resolve, reject) => {
    let left = n;
    let sub: { dispose(): void } | undefined;
    const onDelta = (d: TerminalDelta): void => {
      if (d.kind !== 'output' || !d.data.includes(text) || --left > 0) return;
      sub?.dispose();
      resolve();
    };
    void sup.subscribeTerminal(agentId, { onSnapshot: () => {}, onDelta }).then((s) => (sub = s), reject);
  });
}

/** A supervisor whose agents' HOME has this ~/.bashrc (the private rc sources it, as bash would). */
async function withBashrc(content: string) {
  const home = tempHome();
  writeFileSync(path.join(home, '.bashrc'), content);
  return openSupervisor(home);
}

describe('shell agents report each command', () => {
  it('a failing command: idle, its exit status, attention error; a passing one: no attention', async () => {
    const { sup } = await openSupervisor();
    const failed = await sup.createAgent({ prompt: 'ls /nonexistent-paseo; false', cwd: '/tmp' });
    const done = await sup.waitForAgent(failed.id, { timeoutMs: 15_000 });
    expect(done.outcome).toBe('idle');
    expect(done.agent).toMatchObject({ status: 'idle', lastExitCode: 1, attention: 'error' });
    expect(statusLabel(done.agent)).toBe('idle (last exit 1) !error');

    const passed = await sup.createAgent({ prompt: 'ls / >/dev/null', cwd: '/tmp' });
    const ok = await sup.waitForAgent(passed.id, { timeoutMs: 15_000 });
    expect(ok.agent).toMatchObject({ status: 'idle', lastExitCode: 0 });
    expect(ok.agent.attention).toBeUndefined();

    // The next command line on the failed shell is the news now: it passed, so nothing needs the user.
    await sup.sendText(failed.id, 'true');
    const again = await sup.waitForAgent(failed.id, { timeoutMs: 15_000 });
    expect(again.agent).toMatchObject({ status: 'idle', lastExitCode: 0 });
    expect(again.agent.attention).toBeUndefined();
  });

  it('the first prompt is typed once the shell reads its line: no echo of it before the prompt', async () => {
    // The tty echoes typeahead while bash is still in PROMPT_COMMAND (cooked mode); readline then redraws it after
    // PS1. Typing at prompt start left "ls /tmpPS1$ ls /tmp" on the screen; typed at prompt end it is one clean line.
    // The user's own PROMPT_COMMAND takes a while (a git prompt, a title update): the window in which the race lost.
    const { sup } = await withBashrc('PS1="PROMPT> "\nPROMPT_COMMAND="sleep 0.3"\n');
    const agent = await sup.createAgent({ prompt: 'echo paseo-$((6*7))', cwd: '/tmp' });
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 15_000 })).outcome).toBe('idle');
    const lines = (await sup.readLogs(agent.id, {})).split('\n').filter((l) => l.trim() !== '');
    expect(lines.slice(0, 3)).toEqual(['PROMPT> echo paseo-$((6*7))', 'paseo-42', 'PROMPT>']);
  });

  it('a brand-new shell is idle with no attention; an empty line changes nothing', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({});
    const ready = await sup.waitForAgent(agent.id, { timeoutMs: 15_000 });
    expect(ready.agent.status).toBe('idle');
    expect(ready.agent.attention).toBeUndefined();
    expect(ready.agent.lastExitCode).toBeUndefined();
    // Enter on an empty line prints a new prompt (marks, but no command): still no status to report.
    const next = outputs(sup, agent.id, 1);
    sup.writeInput(agent.id, '\r');
    await next;
    await sup.sendText(agent.id, 'true');
    const after = await sup.waitForAgent(agent.id, { timeoutMs: 15_000 });
    expect(after.agent.attention).toBeUndefined();
  });

  it('focusing or attaching (markSeen) clears attention', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ prompt: 'false' });
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 15_000 })).agent.attention).toBe('error');
    const seen = await sup.markSeen(agent.id);
    expect(seen.attention).toBeUndefined();
    expect(seen.lastExitCode).toBe(1);
    expect((await sup.getAgent(agent.id)).attention).toBeUndefined();
  });

  it('a restarted shell starts afresh and reports its commands again', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ prompt: 'false' });
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 15_000 })).agent.lastExitCode).toBe(1);
    const restarted = await sup.restartAgent(agent.id);
    expect(restarted.lastExitCode).toBeUndefined();
    const ready = await sup.waitForAgent(agent.id, { timeoutMs: 15_000 });
    expect(ready.agent.status).toBe('idle');
    expect(ready.agent.attention).toBeUndefined();
    await sup.sendText(agent.id, '(exit 4)');
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 15_000 })).agent).toMatchObject({ lastExitCode: 4, attention: 'error' });
  });

  it('a prompt given while bash is slow to start waits for its first prompt, the agent starting meanwhile', async () => {
    const { sup } = await withBashrc('echo loading-rc\nsleep 2\n');
    const statuses = recordStatuses(sup);
    const agent = await sup.createAgent({ prompt: 'echo landed-$((40+2))' });
    const done = await sup.waitForAgent(agent.id, { timeoutMs: 20_000 });
    expect(done.outcome).toBe('idle');
    // Settled only once the command ran: not while the rc slept.
    expect(await sup.readLogs(agent.id)).toContain('landed-42');
    expect(done.agent.lastExitCode).toBe(0);
    expect(statuses(agent.id)).toEqual(['starting', 'running', 'idle']);
  });

  it('an interrupt before the first prompt was typed cancels that prompt instead', async () => {
    const { sup } = await withBashrc('sleep 2\n');
    const agent = await sup.createAgent({ prompt: 'sleep 600' });
    expect(await sup.sendText(agent.id, 'echo replaced-$((2+2))', { interrupt: true })).toEqual({ delivered: false, queued: true });
    const done = await sup.waitForAgent(agent.id, { timeoutMs: 20_000 });
    expect(done.outcome).toBe('idle');
    const logs = await sup.readLogs(agent.id);
    expect(logs).toContain('replaced-4');
    expect(logs).not.toContain('sleep 600');
    expect(done.agent.lastExitCode).toBe(0);
  });
});

describe('command agents: running while the process lives', () => {
  it('a program that prints nothing (sleep) is running, not starting', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ provider: 'command', command: ['sleep', '600'] });
    expect(agent.status).toBe('running');
    expect((await sup.waitForAgent(agent.id, { timeoutMs: Status.QUIET_IDLE_MS * 2 })).outcome).toBe('timeout');
    expect((await sup.getAgent(agent.id)).status).toBe('running');
  });

  it('a program that redraws less often than the quiet window never flaps to idle', async () => {
    const { sup } = await openSupervisor();
    const statuses = recordStatuses(sup);
    // top's way: clear and redraw, then quiet until the next period (QUIET_IDLE_MS plus a margin, as top's 3 s is).
    const periodS = (Status.QUIET_IDLE_MS + 300) / 1000;
    const script = `while :; do printf '\\033[H\\033[2Jtick %s\\n' "$(date +%N)"; sleep ${periodS}; done`;
    const agent = await sup.createAgent({ provider: 'command', command: ['/bin/sh', '-c', script] });
    await outputs(sup, agent.id, 4, 'tick');
    expect(statuses(agent.id)).toEqual(['starting', 'running']);
    expect((await sup.getAgent(agent.id)).status).toBe('running');
  });

  it('killed by a signal shows the signal, not exit 0', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ provider: 'command', command: ['sleep', '600'] });
    const exited = statusReached(sup, () => agent.id, ['exited']);
    // The agent's own process, which this test started through the supervisor.
    process.kill(agent.pid!, 'SIGKILL');
    const record = await exited;
    expect(record).toMatchObject({ exitSignal: 9, statusDetail: 'killed by SIGKILL', attention: 'error' });
    expect(statusLabel(record)).toBe('exited (SIGKILL) !error');
  });
});
