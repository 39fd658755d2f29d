/** Real PTYs running bash: the behaviour an agent pane depends on. Every process is killed by its session in afterEach. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PtyError } from '../../src/core/errors.js';
import { once } from '../../src/core/event.js';
import { spawnAgentTerminal, spawnPtyAgentTerminal } from '../../src/terminal/spawn-agent-terminal.js';
import type { PtyAgentTerminal } from '../../src/terminal/agent-terminal.js';
import { isAlive, readProcStat, signalSession } from '../../src/terminal/process-group.js';
import { pollUntil, screenText, waitForScreen } from './helpers/wait.js';

const home = mkdtempSync(path.join(tmpdir(), 'paseo-term-'));
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, PS1: 'PROMPT$ ', LANG: 'C.UTF-8' };
const live: PtyAgentTerminal[] = [];

function bash(opts: { cols?: number; rows?: number; args?: string[]; flow?: { highChars: number; lowChars: number } } = {}): PtyAgentTerminal {
  const t = spawnPtyAgentTerminal({
    file: 'bash',
    args: opts.args ?? ['--norc', '--noprofile'],
    cwd: home,
    env,
    cols: opts.cols ?? 80,
    rows: opts.rows ?? 24,
    flow: opts.flow,
  });
  live.push(t);
  return t;
}

async function prompt(t: PtyAgentTerminal): Promise<void> {
  await waitForScreen(t, t.headless, (s) => s.trimEnd().endsWith('PROMPT$'));
}

/** Runs a command and waits until `marker` (printed by the command) is on screen. */
async function run(t: PtyAgentTerminal, command: string, marker: RegExp, timeoutMs?: number): Promise<string> {
  t.writeRaw(command + '\r');
  return waitForScreen(t, t.headless, (s) => marker.test(s), timeoutMs);
}

afterEach(() => {
  for (const t of live.splice(0)) {
    if (!t.exited) signalSession(t.pid, 'SIGKILL');
    t.dispose();
  }
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('AgentTerminal over a real PTY', () => {
  it('runs the program in its own session with the PTY as controlling terminal, TERM=xterm-256color', async () => {
    const t = bash();
    await prompt(t);
    const stat = readProcStat(t.pid);
    expect(stat?.session).toBe(t.pid);
    expect(stat?.pgrp).toBe(t.pid);
    expect(stat?.tpgid).toBe(t.pid);
    await run(t, 'echo "term=$TERM tty=$(tty)"', /term=xterm-256color tty=\/dev\/pts\/\d+/);
  });

  it('delivers output to the screen with increasing sequence numbers', async () => {
    const t = bash();
    const seqs: number[] = [];
    t.onDidOutput((e) => seqs.push(e.seq));
    await prompt(t);
    await run(t, 'echo "hello-$((6*7))"', /^hello-42$/m);
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(t.seq).toBe(seqs.at(-1));
    expect(t.lastOutputAt).toBeGreaterThan(Date.now() - 10_000);
  });

  it('echoes keystrokes sent through input() (the headless input path)', async () => {
    const t = bash();
    await prompt(t);
    t.input('echo typed-$((1+1))');
    await waitForScreen(t, t.headless, (s) => s.includes('PROMPT$ echo typed-$((1+1))'));
    t.input('\r');
    await waitForScreen(t, t.headless, (s) => /^typed-2$/m.test(s));
  });


  it('a keystroke echo after a quiet period is parsed synchronously: the screen shows it when onDidOutput fires', async () => {
    const t = bash();
    await prompt(t);
    await run(t, 'stty -echoctl; echo ready-$((2+3)); exec cat', /^ready-5$/m);
    await new Promise((resolve) => setTimeout(resolve, 100)); // quiet: no coalescing window open
    const shown = new Promise<boolean>((resolve) => {
      const sub = t.onDidOutput((e) => {
        if (!e.data.includes('Q')) return;
        sub.dispose();
        // term.input(data, true) makes xterm parse the next write in the same call (perf.md §2), not on a timer.
        resolve(t.view().lines().some((line) => line.includes('Q')));
      });
    });
    t.input('Q');
    expect(await shown).toBe(true);
  });
  it('resizes the headless screen and the PTY: stty size reports the new size, onDidResize takes a seq slot', async () => {
    const t = bash();
    await prompt(t);
    const resized = once(t.onDidResize);
    const seqBefore = t.seq;
    t.resize(100, 30);
    const e = await resized;
    expect(e).toEqual({ seq: seqBefore + 1, cols: 100, rows: 30 });
    expect([t.cols, t.rows]).toEqual([100, 30]);
    await run(t, 'stty size', /^30 100$/m);
    expect(t.view().cols).toBe(100);
  });

  it('answers a cursor position query from the headless terminal', async () => {
    const t = bash();
    await prompt(t);
    await run(t, `printf '\\e[6n'; read -rsdR x; echo "got \${x#*[}"`, /^got \d+;\d+$/m);
  });

  it('tracks the OSC window title', async () => {
    const t = bash();
    await prompt(t);
    const titled = once(t.onDidChangeTitle);
    t.writeRaw(`printf '\\e]0;%s\\a' agent-title-ok\r`);
    expect(await titled).toBe('agent-title-ok');
    expect(t.title).toBe('agent-title-ok');
    expect(t.view().title).toBe('agent-title-ok');
  });

  it('reports foregroundBusy while a command runs and not at the prompt', async () => {
    const t = bash();
    await prompt(t);
    expect(t.foregroundBusy()).toBe(false);
    t.writeRaw('sleep 2; echo SLEPT\r');
    await pollUntil(() => t.foregroundBusy(), 2_000, 'foregroundBusy');
    await waitForScreen(t, t.headless, (s) => /^SLEPT$/m.test(s) && s.trimEnd().endsWith('PROMPT$'));
    expect(t.foregroundBusy()).toBe(false);
  });

  it('reports the exit code', async () => {
    const t = bash({ args: ['--norc', '--noprofile', '-c', 'echo bye; exit 3'] });
    const info = await once(t.onDidExit);
    expect(info.exitCode).toBe(3);
    expect(t.exited).toBe(true);
    await t.headless.drained();
    expect(screenText(t)).toContain('bye');
  });

  it('kill() ends the whole session: background jobs with and without job control, escalating to SIGKILL', async () => {
    const t = bash();
    await prompt(t);
    const sameGroup = await run(t, 'set +m; sleep 1000 & echo "BG1:$!"', /BG1:\d+/);
    const ownGroup = await run(t, 'set -m; sleep 1001 & echo "BG2:$!"', /BG2:\d+/);
    const bg1 = Number(/BG1:(\d+)/.exec(sameGroup)![1]);
    const bg2 = Number(/BG2:(\d+)/.exec(ownGroup)![1]);
    expect(readProcStat(bg1)?.pgrp).toBe(t.pid);
    expect(readProcStat(bg2)?.pgrp).not.toBe(t.pid);
    expect(isAlive(bg1) && isAlive(bg2)).toBe(true);
    // An interactive bash ignores SIGTERM, so this also proves the SIGKILL after the grace period.
    const info = await t.kill('SIGTERM', 300);
    expect(info.signal).toBe(9);
    expect(t.exited).toBe(true);
    await pollUntil(() => !isAlive(bg1) && !isAlive(bg2), 2_000, 'background jobs to die');
  });

  it('carries 20 MB of output through flow control without xterm discarding data; the last line is on screen', async () => {
    // Watermarks below one PTY read so the gate certainly engages: each chunk is parsed as it comes, so at the defaults
    // only output held behind a snapshot builds up a backlog.
    const t = bash({ flow: { highChars: 1024, lowChars: 256 } });
    let xs = 0;
    t.onDidOutput((e) => {
      for (let i = e.data.indexOf('x'); i !== -1; i = e.data.indexOf('x', i + 1)) xs++;
    });
    await prompt(t);
    t.writeRaw(`head -c 20000000 /dev/zero | tr '\\0' 'x' | fold -w 99; echo "END-OF-FLOOD-$((40+2))"\r`);
    await waitForScreen(t, t.headless, (s) => /END-OF-FLOOD-42$/m.test(s), 50_000);
    expect(t.headless.pendingChars).toBe(0);
    expect(xs).toBe(20_000_000 + 1); // not one byte lost (+1: the 'x' in the echoed command line)
    expect(t.pauseCount).toBeGreaterThan(0);
    expect(t.paused).toBe(false);
  });

  it('an idle 80x24 shell snapshots to at most 2 KB that restores the prompt', async () => {
    const t = bash();
    await prompt(t);
    await run(t, 'echo ready', /^ready$/m);
    await prompt(t);
    const snap = await t.snapshot({ scrollbackLines: 1000 });
    expect(snap.data.length).toBeLessThanOrEqual(2048);
    expect(snap.data).toContain('PROMPT$');
    expect(snap).toMatchObject({ cols: 80, rows: 24, seq: t.seq });
  });

  it('a spawn with restore shows the saved history above the new output', async () => {
    const saved = { cols: 60, rows: 10, data: 'previous life line 1\r\nprevious life line 2\r\n' };
    const t = spawnPtyAgentTerminal({ file: 'bash', args: ['--norc', '--noprofile'], cwd: home, env, cols: 80, rows: 24, restore: saved });
    live.push(t);
    await prompt(t);
    await run(t, 'echo new-life', /^new-life$/m);
    const text = await t.text();
    expect(text.indexOf('previous life line 2')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('previous life line 2')).toBeLessThan(text.indexOf('new-life'));
    expect(t.view().cols).toBe(80);
  });

  it('kill() after the program exited returns its exit info at once', async () => {
    const t = bash({ args: ['--norc', '--noprofile', '-c', 'exit 0'] });
    const exited = await once(t.onDidExit);
    await expect(t.kill()).resolves.toEqual(exited);
  });

  it('a missing program or cwd is a PtyError with context, and nothing is spawned', () => {
    const missing = (): unknown => spawnAgentTerminal({ file: 'no-such-program-paseo', args: [], cwd: home, env, cols: 80, rows: 24 });
    expect(missing).toThrow(PtyError);
    try {
      missing();
    } catch (err) {
      expect((err as PtyError).context).toMatchObject({ file: 'no-such-program-paseo', cwd: home });
    }
    const badCwd = path.join(home, 'nope');
    expect(() => spawnAgentTerminal({ file: 'bash', args: [], cwd: badCwd, env, cols: 80, rows: 24 })).toThrow(
      expect.objectContaining({ code: 'pty', context: expect.objectContaining({ cwd: badCwd }) }),
    );
  });
});
