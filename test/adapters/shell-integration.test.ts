// The shell adapter's private rc: the user's rc still applies (aliases, their own PROMPT_COMMAND seeing the real $?),
// and bash reports each command line as OSC 133 marks, which the headless terminal parses without showing them.
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { integratedShell, shellKind } from '../../adapters/shell/shell-integration.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { parseShellMark, type ShellMark } from '../../src/terminal/shell-marks.js';
import { spawnPtyAgentTerminal } from '../../src/terminal/spawn-agent-terminal.js';
import type { PtyAgentTerminal } from '../../src/terminal/agent-terminal.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

describe('OSC 133 marks', () => {
  it('parses prompt, command start and command end with its status', () => {
    // The prompt counts at its end (B), when the line editor reads keys; its start (A) is not used.
    expect(parseShellMark('B')).toEqual({ kind: 'prompt' });
    expect(parseShellMark('C')).toEqual({ kind: 'command-start' });
    expect(parseShellMark('D;127')).toEqual({ kind: 'command-end', exitCode: 127 });
    expect(parseShellMark('D')).toEqual({ kind: 'command-end' });
    expect(parseShellMark('D;x')).toEqual({ kind: 'command-end' });
    expect(parseShellMark('A')).toBeUndefined();
    expect(parseShellMark('P;k=i')).toBeUndefined();
  });

  it('the headless screen announces them once their chunk is parsed, and shows nothing of them', async () => {
    const screen = new HeadlessScreen({ cols: 40, rows: 5 });
    cleanup.push(() => screen.dispose());
    const marks: Array<{ mark: ShellMark; text: string }> = [];
    screen.onDidShellMark((mark) => marks.push({ mark, text: screen.view().lines()[0] ?? '' }));
    screen.write('out\x1b]133;D;3\x07\x1b]133;A\x07$ \x1b]133;B\x07');
    await screen.drained();
    // The prompt printed after the marks is already on screen when they are announced.
    expect(marks).toEqual([
      { mark: { kind: 'command-end', exitCode: 3 }, text: 'out$' },
      { mark: { kind: 'prompt' }, text: 'out$' },
    ]);
    expect(await screen.text()).toBe('out$');
  });
});

const ZSH = ['/usr/bin/zsh', '/bin/zsh'].find((f) => existsSync(f));

describe('bash and zsh with the private rc', () => {
  /** Starts the shell with paseo's rc files; `userFiles` go in its HOME (.bashrc, .zshrc, …). */
  function startShell(kind: 'bash' | 'zsh', userFiles: Record<string, string>): { term: PtyAgentTerminal; marks: ShellMark[] } {
    const dir = mkdtempSync(path.join(tmpdir(), 'paseo-rc-'));
    const home = path.join(dir, 'home');
    mkdirSync(home);
    for (const [name, content] of Object.entries(userFiles)) writeFileSync(path.join(home, name), content);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm-256color', PS1: '$ ', HISTFILE: '/dev/null' };
    const spec = integratedShell(kind, dir, env);
    for (const f of spec.files ?? []) {
      mkdirSync(path.dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.content);
    }
    const file = kind === 'bash' ? '/bin/bash' : ZSH!;
    const term = spawnPtyAgentTerminal({ file, args: spec.args, cwd: dir, env: { ...env, ...spec.env }, cols: 80, rows: 24 });
    cleanup.push(() => {
      term.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    const marks: ShellMark[] = [];
    term.onDidShellMark((m) => marks.push(m));
    return { term, marks };
  }

  /**
   * Resolves with the marks seen once `count` prompts have been drawn (each after its command's end mark). The prompt's
   * mark comes at its end, after the user's PROMPT_COMMAND ran, often in a later output chunk than the command's end.
   */
  function promptsDrawn(term: PtyAgentTerminal, marks: ShellMark[], count: number): Promise<ShellMark[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only these marks came: ${JSON.stringify(marks)}`)), 10_000);
      const check = (): void => {
        if (marks.filter((m) => m.kind === 'prompt').length < count) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(marks);
      };
      const sub = term.onDidShellMark(check);
      check();
    });
  }

  it('knows bash and zsh by name only', () => {
    expect(shellKind('/usr/bin/bash')).toBe('bash');
    expect(shellKind('/bin/zsh')).toBe('zsh');
    expect(shellKind('/bin/dash')).toBeUndefined();
    expect(shellKind('/usr/bin/fish')).toBeUndefined();
  });

  it('loads the user\'s rc and reports each command line with its status; the user\'s PROMPT_COMMAND still sees $?', async () => {
    const { term, marks } = startShell('bash', { '.bashrc': `alias say='echo said'\nPROMPT_COMMAND='echo "user-saw:$?"'\n` });
    await promptsDrawn(term, marks, 1);
    // The first prompt ends no command.
    expect(marks).toEqual([{ kind: 'command-end', exitCode: 0 }, { kind: 'prompt' }]);
    term.writeRaw('say hi; (exit 7)\r');
    await promptsDrawn(term, marks, 2);
    expect(marks.slice(2)).toEqual([{ kind: 'command-start' }, { kind: 'command-end', exitCode: 7 }, { kind: 'prompt' }]);
    term.writeRaw('\r');
    await promptsDrawn(term, marks, 3);
    // An empty line: a prompt without a command start before it.
    expect(marks.slice(5)).toEqual([{ kind: 'command-end', exitCode: 7 }, { kind: 'prompt' }]);
    const text = await term.text();
    expect(text).toContain('said hi');
    expect(text).toContain('user-saw:7');
    expect(text).not.toContain('133;');
  });

  it.skipIf(!ZSH)('zsh: loads the user\'s .zshenv and .zshrc, reports each command line; their precmd still sees $?', async () => {
    const { term, marks } = startShell('zsh', {
      '.zshenv': 'export FROM_ZSHENV=env-ok\n',
      '.zshrc': `alias say='echo said'\nuser_precmd() { echo "user-saw:$?" }\nprecmd_functions+=(user_precmd)\nPS1='%% '\n`,
    });
    await promptsDrawn(term, marks, 1);
    expect(marks).toEqual([{ kind: 'command-end', exitCode: 0 }, { kind: 'prompt' }]);
    term.writeRaw('say $FROM_ZSHENV $ZDOTDIR; (exit 7)\r');
    await promptsDrawn(term, marks, 2);
    expect(marks.slice(2)).toEqual([{ kind: 'command-start' }, { kind: 'command-end', exitCode: 7 }, { kind: 'prompt' }]);
    const text = await term.text();
    // The user's ZDOTDIR (their HOME) is back in place once their rc ran: paseo's private one is only for startup.
    expect(text).toMatch(/said env-ok \S+\/home\n/);
    expect(text).toContain('user-saw:7');
  });
});
