// End to end, as a person would in tmux: scroll mode and search over an agent's whole history (a TUI that attached
// after 5 000 lines finds line 1500), highlights and n/N, a "not found" that clears, and a view that holds still while
// output arrives, with the "+N new lines" marker counting it. A real daemon, a real shell agent, the built CLI.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry, until } from '../helpers/paseo-cli.js';

const COLS = 120;
const ROWS = 40;
const W = 'sb:0';

/** A private tmux server (its own socket name, no config file); only it is ever killed. */
class Tmux {
  readonly socket = `paseo-sb-${process.pid}-${randomBytes(4).toString('hex')}`;
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

/** One captured row (capture-pane -e) as its visible characters and each one's background (palette index; -1 default). */
function cells(row: string): { text: string; bg: number[] } {
  let bg = -1;
  let text = '';
  const bgs: number[] = [];
  for (let i = 0; i < row.length; ) {
    const sgr = /^\x1b\[([0-9;:]*)m/.exec(row.slice(i));
    if (sgr) {
      const params = sgr[1] === '' ? [0] : sgr[1]!.split(/[;:]/).map(Number);
      for (let k = 0; k < params.length; k++) {
        const p = params[k]!;
        if (p === 0 || p === 49) bg = -1;
        else if (p >= 40 && p <= 47) bg = p - 40;
        else if (p >= 100 && p <= 107) bg = p - 100 + 8;
        else if ((p === 38 || p === 48) && params[k + 1] === 5) {
          if (p === 48) bg = params[k + 2]!;
          k += 2;
        } else if ((p === 38 || p === 48) && params[k + 1] === 2) k += 4;
      }
      i += sgr[0].length;
      continue;
    }
    const ch = String.fromCodePoint(row.codePointAt(i)!);
    text += ch;
    bgs.push(bg);
    i += ch.length;
  }
  return { text, bg: bgs };
}

/** Background of the first cell of the pane row whose whole text is `text` (undefined: no such row on screen). */
function bgOf(text: string): number | undefined {
  for (const row of tmux.capture(true)) {
    const { text: visible, bg } = cells(row);
    const chars = [...visible];
    const match = new RegExp(`┃${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} *┃`).exec(visible);
    if (!match) continue;
    const at = [...visible.slice(0, match.index)].length + 1;
    return chars[at] === text[0] ? bg[at] : undefined;
  }
  return undefined;
}

/** tmux's copy-mode colours, which scroll mode uses: the current match magenta, the others cyan. */
const MAGENTA = 5;
const CYAN = 6;

let sb: PaseoSandbox;
let tmux: Tmux;

function windowShell(): string {
  const rc = path.join(sb.home, 'window-bashrc');
  fs.writeFileSync(rc, "PS1='e2e$ '\n");
  return `bash --rcfile ${rc} --noprofile -i`;
}

/** Runs `paseo` in the window; resolves once the TUI shows its shell agent with a prompt. */
async function openTui(first: boolean): Promise<void> {
  if (first) {
    tmux.run('new-session', '-d', '-s', 'sb', '-x', String(COLS), '-y', String(ROWS), '-c', sb.home, windowShell());
    await tmux.waitFor('the window shell prompt', (r) => r.some((l) => l.startsWith('e2e$')));
  }
  tmux.run('send-keys', '-t', W, '-l', `node ${cliEntry}`);
  tmux.run('send-keys', '-t', W, 'Enter');
  await tmux.waitFor('the TUI on its shell agent', (r) => r[0]!.includes('agents (1)') && (paneRows(r)[0] ?? '').length > 0 && r[ROWS - 1]!.startsWith(' paseo │'));
}

/** Types a line into the focused agent. */
function typeLine(text: string): void {
  tmux.run('send-keys', '-t', W, '-l', text);
  tmux.run('send-keys', '-t', W, 'Enter');
}

function keys(...names: string[]): void {
  tmux.run('send-keys', '-t', W, ...names);
}

beforeEach(async () => {
  sb = await PaseoSandbox.create();
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

describe('paseo scroll mode in tmux', { timeout: 180_000 }, () => {
  it('a TUI attached after 5 000 lines searches them all: highlights, n/N, and a "not found" that clears', async () => {
    await openTui(true);
    typeLine("seq -f 'line %g' 1 5000");
    await tmux.waitFor('5000 lines printed', (r) => paneRows(r).includes('line 5000'));
    // Detach and attach again: this TUI gets the screen and a bounded part of the history, not all 5000 lines.
    keys('C-b', 'd');
    await tmux.waitFor('the window shell again', (r) => !r.some((l) => l.includes('┏')) && r.some((l) => l.startsWith('e2e$')));
    await openTui(false);

    keys('C-b', '[');
    await tmux.waitFor('scroll mode, the history extent known', (r) => /\[scroll 0\/[1-9]/.test(title(r)));
    tmux.run('send-keys', '-t', W, '-l', '/line 1500');
    keys('Enter');
    await tmux.waitFor('line 1500 found', (r) => paneRows(r).includes('line 1500'));
    expect(tmux.capture().join('\n')).not.toContain('not found');
    expect(bgOf('line 1500')).toBe(MAGENTA);

    // Not found: said on the status line...
    tmux.run('send-keys', '-t', W, '-l', '/zz-none');
    keys('Enter');
    await tmux.waitFor('not found', (r) => r[ROWS - 1]!.includes('not found: zz-none'));
    // ...until the next search that finds something. "line 150" matches 1509 first going up, then 1508, ...
    tmux.run('send-keys', '-t', W, '-l', '/line 150');
    keys('Enter');
    await tmux.waitFor('the first match current', () => bgOf('line 1509') === MAGENTA);
    expect(tmux.capture().join('\n')).not.toContain('not found');
    expect(bgOf('line 1508')).toBe(CYAN);
    keys('n');
    await tmux.waitFor('n: the next match up', () => bgOf('line 1508') === MAGENTA);
    expect(bgOf('line 1509')).toBe(CYAN);
    keys('N');
    await tmux.waitFor('N: back down', () => bgOf('line 1509') === MAGENTA);

    // A move clears a "not found" too.
    tmux.run('send-keys', '-t', W, '-l', '/zz-none');
    keys('Enter');
    await tmux.waitFor('not found again', (r) => r[ROWS - 1]!.includes('not found: zz-none'));
    keys('k');
    await tmux.waitFor('cleared by a move', (r) => !r[ROWS - 1]!.includes('not found'));
  });

  it('holds the view still while output arrives, and the marker counts the new lines', async () => {
    await openTui(true);
    const fifo = path.join(sb.home, 'more.fifo');
    execFileSync('mkfifo', [fifo]);
    // The agent prints 300 lines, then waits on the fifo: the test decides when more output arrives.
    typeLine(`seq -f 'line %g' 1 300; cat ${fifo}`);
    await tmux.waitFor('300 lines', (r) => paneRows(r).includes('line 300'));
    keys('C-b', '[');
    await tmux.waitFor('scroll mode, the history extent known', (r) => /\[scroll 0\/[1-9]/.test(title(r)));
    keys('PPage');
    // Drawn from the daemon's history: the last line printed is below the view now.
    const before = await tmux.waitFor('a page up', (r) => /\[scroll [1-9]\d*\/[1-9]/.test(title(r)) && !paneRows(r).includes('line 300') && paneRows(r).every((l) => /^line \d+$/.test(l)) && paneRows(r));
    expect(before[0]).toMatch(/^line \d+$/);

    fs.writeFileSync(fifo, Array.from({ length: 30 }, (_, i) => `more ${i + 1}\n`).join(''));
    const marked = await tmux.waitFor('the new-lines marker', (r) => {
      const n = /\+(\d+) new lines/.exec(title(r));
      return n && Number(n[1]) >= 30 && r;
    });
    // The view did not move: the same rows, in the same place.
    expect(paneRows(marked)).toEqual(before);
    // G: the live view, with the new output; what arrived counts as seen.
    keys('G');
    await tmux.waitFor('the live view', (r) => title(r).includes('[scroll 0/') && !title(r).includes('new lines') && paneRows(r).includes('more 30'));
  });
});
