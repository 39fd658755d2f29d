// End to end, in tmux: with scrollbackLines 60000 a shell agent prints 60 000 lines, and the TUI's scroll mode and
// `/` search reach a line 50 000 lines back: the oldest rows come from the daemon's compact history store (the live
// xterm buffer keeps 1 000), fetched in pages. A real daemon, a real shell agent, the built CLI.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry, until } from '../helpers/paseo-cli.js';

const COLS = 120;
const ROWS = 40;
const W = 'deep:0';
const LINES = 60_000;

/** A private tmux server (its own socket name, no config file); only it is ever killed. */
class Tmux {
  readonly socket = `paseo-deep-${process.pid}-${randomBytes(4).toString('hex')}`;
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { env: this.env, encoding: 'utf8', timeout: 10_000 });
  }

  /** The window's rows; with `escapes`, each row carries the SGR sequences tmux reports for its cells (-e). */
  capture(escapes = false): string[] {
    return this.run('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', W).replace(/\n$/, '').split('\n');
  }

  async waitFor<T>(what: string, check: (rows: string[]) => T, timeoutMs = 20_000): Promise<NonNullable<T>> {
    let last: string[] = [];
    try {
      return await until(() => {
        last = this.capture();
        return check(last);
      }, what, timeoutMs, 25);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- screen ---\n${last.join('\n')}`);
    }
  }

  kill(): void {
    let socketPath = '';
    try {
      socketPath = this.run('display-message', '-p', '#{socket_path}').trim();
      this.run('kill-server');
    } catch {
      // never started, or already gone
    }
    if (socketPath.endsWith(this.socket)) fs.rmSync(socketPath, { force: true });
  }
}

/** The focused pane's inner rows (inside its bold box). */
function paneRows(rows: string[]): string[] {
  const top = rows.findIndex((r) => r.includes('┏'));
  if (top < 0) return [];
  const left = [...rows[top]!].indexOf('┏');
  const right = [...rows[top]!].indexOf('┓', left);
  const bottom = rows.findIndex((r, i) => i > top && [...r][left] === '┗');
  return rows.slice(top + 1, bottom).map((r) => [...r].slice(left + 1, right).join('').trimEnd());
}

/** The focused pane's title row. */
function title(rows: string[]): string {
  return rows.find((r) => r.includes('┏')) ?? '';
}

let sb: PaseoSandbox;
let tmux: Tmux;

beforeEach(async () => {
  sb = await PaseoSandbox.create();
  // Before the TUI starts the daemon: a history deep enough for the line 50 000 back.
  fs.writeFileSync(path.join(sb.home, 'config.json'), JSON.stringify({ scrollbackLines: LINES }));
  const env: NodeJS.ProcessEnv = { ...sb.env, TERM: 'xterm-256color' };
  delete env.CI;
  delete env.TMUX;
  delete env.TMUX_PANE;
  tmux = new Tmux(env);
});

afterEach(async () => {
  tmux.kill();
  await sb.dispose();
});

describe('scroll mode over a deep history', { timeout: 300_000 }, () => {
  it('search and scroll mode reach a line 50 000 lines back', async () => {
    const rc = path.join(sb.home, 'window-bashrc');
    fs.writeFileSync(rc, "PS1='e2e$ '\n");
    tmux.run('new-session', '-d', '-s', 'deep', '-x', String(COLS), '-y', String(ROWS), '-c', sb.home, `bash --rcfile ${rc} --noprofile -i`);
    await tmux.waitFor('the window shell prompt', (r) => r.some((l) => l.startsWith('e2e$')));
    tmux.run('send-keys', '-t', W, '-l', `node ${cliEntry}`);
    tmux.run('send-keys', '-t', W, 'Enter');
    await tmux.waitFor('the TUI on its shell agent', (r) => r[0]!.includes('agents (1)') && (paneRows(r)[0] ?? '').length > 0 && r[ROWS - 1]!.startsWith(' paseo │'));

    tmux.run('send-keys', '-t', W, '-l', `seq -f 'line %g' 1 ${LINES}`);
    tmux.run('send-keys', '-t', W, 'Enter');
    await tmux.waitFor(`${LINES} lines printed`, (r) => paneRows(r).includes(`line ${LINES}`), 120_000);

    const target = `line ${LINES - 50_000}`;
    tmux.run('send-keys', '-t', W, 'C-b', '[');
    await tmux.waitFor('scroll mode, the history extent known', (r) => /\[scroll 0\/[1-9]/.test(title(r)));
    // The extent counts the whole history, far past the live buffer's 1 000 rows.
    const extent = Number(/\[scroll 0\/(\d+)/.exec(title(tmux.capture()))![1]);
    expect(extent).toBeGreaterThan(55_000);
    tmux.run('send-keys', '-t', W, '-l', `/${target}`);
    tmux.run('send-keys', '-t', W, 'Enter');
    await tmux.waitFor(`${target} found`, (r) => paneRows(r).includes(target), 120_000);
    expect(tmux.capture().join('\n')).not.toContain('not found');
    // The rows around it are the neighbours it was printed with.
    const rows = paneRows(tmux.capture());
    const at = rows.indexOf(target);
    if (at > 0) expect(rows[at - 1]).toBe(`line ${LINES - 50_001}`);
    if (at < rows.length - 1) expect(rows[at + 1]).toBe(`line ${LINES - 49_999}`);

    // g: the oldest row kept, older still than the line found.
    tmux.run('send-keys', '-t', W, 'g');
    const top = await tmux.waitFor('the oldest rows', (r) => {
      const first = paneRows(r).find((l) => /^line \d+$/.test(l));
      return first && Number(first.slice(5)) < 1_000 && first;
    }, 60_000);
    expect(Number(top.slice(5))).toBeLessThan(LINES - 50_000);
  });
});
