// End to end, as a person would in tmux: scroll mode and search over an agent's whole history (a TUI that attached
// after 5 000 lines finds line 1500), highlights and n/N, a "not found" that clears, and a view that holds still while
// output arrives, with the "+N new lines" marker counting it. A real daemon, a real shell agent, the built CLI.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry } from '../helpers/paseo-cli.js';
import { Tmux, focusedPane, tmuxEnv, windowShell } from './helpers/tmux-session.js';

const COLS = 120;
const ROWS = 40;
const W = 'sb:0';

/** The focused pane's inner rows (inside its bold box). */
function paneRows(rows: string[]): string[] {
  return focusedPane(rows)?.inner ?? [];
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
  for (const row of tmux.capture(W, true)) {
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

/** Runs `paseo` in the window; resolves once the TUI shows its shell agent with a prompt. */
async function openTui(first: boolean): Promise<void> {
  if (first) {
    tmux.run('new-session', '-d', '-s', 'sb', '-x', String(COLS), '-y', String(ROWS), '-c', sb.home, windowShell(sb));
    await tmux.waitFor(W, 'the window shell prompt', (r) => r.some((l) => l.startsWith('e2e$')));
  }
  typeLine(`node ${cliEntry}`);
  await tmux.waitFor(W, 'the TUI on its shell agent', (r) => r[0]!.includes('agents (1)') && (paneRows(r)[0] ?? '').length > 0 && r[ROWS - 1]!.startsWith(' paseo │'));
}

/** Types a line into the focused agent. */
function typeLine(text: string): void {
  tmux.type(W, text);
  tmux.keys(W, 'Enter');
}

function keys(...names: string[]): void {
  tmux.keys(W, ...names);
}

beforeEach(async () => {
  sb = await PaseoSandbox.create();
  tmux = new Tmux(tmuxEnv(sb));
});

afterEach(async () => {
  tmux.kill();
  await sb.dispose();
});

describe('paseo scroll mode in tmux', { timeout: 180_000 }, () => {
  it('a TUI attached after 5 000 lines searches them all: highlights, n/N, and a "not found" that clears', async () => {
    await openTui(true);
    typeLine("seq -f 'line %g' 1 5000");
    await tmux.waitFor(W, '5000 lines printed', (r) => paneRows(r).includes('line 5000'));
    // Detach and attach again: this TUI gets the screen and a bounded part of the history, not all 5000 lines.
    keys('C-b', 'd');
    await tmux.waitFor(W, 'the window shell again', (r) => !r.some((l) => l.includes('┏')) && r.some((l) => l.startsWith('e2e$')));
    await openTui(false);

    keys('C-b', '[');
    await tmux.waitFor(W, 'scroll mode, the history extent known', (r) => /\[scroll 0\/[1-9]/.test(title(r)));
    tmux.type(W, '/line 1500');
    keys('Enter');
    await tmux.waitFor(W, 'line 1500 found', (r) => paneRows(r).includes('line 1500'));
    expect(tmux.capture(W).join('\n')).not.toContain('not found');
    expect(bgOf('line 1500')).toBe(MAGENTA);

    // Not found: said on the status line...
    tmux.type(W, '/zz-none');
    keys('Enter');
    await tmux.waitFor(W, 'not found', (r) => r[ROWS - 1]!.includes('not found: zz-none'));
    // ...until the next search that finds something. "line 150" matches 1509 first going up, then 1508, ...
    tmux.type(W, '/line 150');
    keys('Enter');
    await tmux.waitFor(W, 'the first match current', () => bgOf('line 1509') === MAGENTA);
    expect(tmux.capture(W).join('\n')).not.toContain('not found');
    expect(bgOf('line 1508')).toBe(CYAN);
    keys('n');
    await tmux.waitFor(W, 'n: the next match up', () => bgOf('line 1508') === MAGENTA);
    expect(bgOf('line 1509')).toBe(CYAN);
    keys('N');
    await tmux.waitFor(W, 'N: back down', () => bgOf('line 1509') === MAGENTA);

    // A move clears a "not found" too.
    tmux.type(W, '/zz-none');
    keys('Enter');
    await tmux.waitFor(W, 'not found again', (r) => r[ROWS - 1]!.includes('not found: zz-none'));
    keys('k');
    await tmux.waitFor(W, 'cleared by a move', (r) => !r[ROWS - 1]!.includes('not found'));
  });

  it('holds the view still while output arrives, and the marker counts the new lines', async () => {
    await openTui(true);
    const fifo = path.join(sb.home, 'more.fifo');
    execFileSync('mkfifo', [fifo]);
    // The agent prints 300 lines, then waits on the fifo: the test decides when more output arrives.
    typeLine(`seq -f 'line %g' 1 300; cat ${fifo}`);
    await tmux.waitFor(W, '300 lines', (r) => paneRows(r).includes('line 300'));
    keys('C-b', '[');
    await tmux.waitFor(W, 'scroll mode, the history extent known', (r) => /\[scroll 0\/[1-9]/.test(title(r)));
    keys('PPage');
    // Drawn from the daemon's history: the last line printed is below the view now.
    const before = await tmux.waitFor(W, 'a page up', (r) => /\[scroll [1-9]\d*\/[1-9]/.test(title(r)) && !paneRows(r).includes('line 300') && paneRows(r).every((l) => /^line \d+$/.test(l)) && paneRows(r));
    expect(before[0]).toMatch(/^line \d+$/);

    fs.writeFileSync(fifo, Array.from({ length: 30 }, (_, i) => `more ${i + 1}\n`).join(''));
    const marked = await tmux.waitFor(W, 'the new-lines marker', (r) => {
      const n = /\+(\d+) new lines/.exec(title(r));
      return n && Number(n[1]) >= 30 && r;
    });
    // The view did not move: the same rows, in the same place.
    expect(paneRows(marked)).toEqual(before);
    // G: the live view, with the new output; what arrived counts as seen.
    keys('G');
    await tmux.waitFor(W, 'the live view', (r) => title(r).includes('[scroll 0/') && !title(r).includes('new lines') && paneRows(r).includes('more 30'));
  });
});
