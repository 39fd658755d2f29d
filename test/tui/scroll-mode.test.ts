// Scroll mode over the daemon's whole history (pages from history.read), a view that holds still while output
// arrives, search with highlights and n/N, and a "not found" that does not outlive the next successful search or move.
import { afterEach, describe, expect, it } from 'vitest';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.session.restore();
});

function lines(from: number, to: number): string {
  let out = '';
  for (let i = from; i <= to; i++) out += `line ${i}\r\n`;
  return out;
}

/** The focused pane's box on screen: its top row, left column and inner size. */
function paneBox(h: Harness): { top: number; left: number; width: number; height: number } | undefined {
  const rows = h.stdout.text().split('\n');
  const top = rows.findIndex((r) => r.includes('┏'));
  if (top < 0) return undefined;
  const left = [...rows[top]!].indexOf('┏');
  const right = [...rows[top]!].indexOf('┓');
  const bottom = rows.findIndex((r, i) => i > top && [...r][left] === '┗');
  return { top, left, width: right - left - 1, height: bottom - top - 1 };
}

/** The pane's rows (inside its border) as text. */
function paneRows(h: Harness): string[] {
  const box = paneBox(h);
  if (!box) return [];
  const rows = h.stdout.text().split('\n');
  return rows.slice(box.top + 1, box.top + 1 + box.height).map((r) => [...r].slice(box.left + 1, box.left + 1 + box.width).join('').trimEnd());
}

/**
 * One agent whose daemon-side screen holds `total` lines while the TUI's mirror got only the last 100 of them (as a
 * TUI that attached after the output gets a bounded snapshot).
 */
async function attachedAfter(total: number): Promise<Harness> {
  const api = new FakeApi();
  api.addAgent({ id: 'a1', title: 'one' });
  const h = startHarness({ cols: 80, rows: 24, api });
  open.push(h);
  await h.waitFor(() => paneBox(h) !== undefined, 'the pane');
  const { width, height } = paneBox(h)!;
  h.api.pushSnapshot('a1', lines(total - 100, total) + 'one$ ', width, height);
  const daemon = new HeadlessScreen({ cols: width, rows: height, scrollback: 10_000 });
  daemon.write(lines(1, total) + 'one$ ');
  await daemon.drained();
  api.screens.get('a1')?.dispose();
  api.screens.set('a1', daemon);
  await h.waitFor((t) => t.includes('one$'), 'the pane');
  return h;
}

/** Scroll mode is on and knows the history's extent (before that its title says 0/0). */
function inScrollMode(text: string): boolean {
  return /\[scroll 0\/[1-9]/.test(text);
}

/** Background colour (palette index) of the screen cell where `text` starts on the first row that shows it. */
function bgOf(h: Harness, text: string): number | undefined {
  const buf = h.stdout.term.buffer.active;
  for (let y = 0; y < h.stdout.rows; y++) {
    const line = buf.getLine(y);
    const at = line?.translateToString(false).indexOf(text) ?? -1;
    if (line && at >= 0) {
      const cell = line.getCell(at);
      return cell?.isBgPalette() ? cell.getBgColor() : -1;
    }
  }
  return undefined;
}

const CYAN = 6;
const MAGENTA = 5;

describe('scroll mode', () => {
  it('searches the whole history held by the daemon, not just what the TUI was sent', async () => {
    const h = await attachedAfter(5_000);
    h.stdin.type('\x02[');
    await h.waitFor(inScrollMode, 'scroll mode');
    h.stdin.type('/line 1500\r');
    await h.waitFor((t) => paneRows(h).includes('line 1500'), 'line 1500 in view');
    expect(h.stdout.text()).not.toContain('not found');
    // The current match is highlighted (magenta, as tmux's current match).
    expect(bgOf(h, 'line 1500')).toBe(MAGENTA);
    // History reads were pages, never the whole history at once.
    const counts = h.api.historyReads.map((r) => r.opts.count);
    expect(Math.max(...counts)).toBeLessThanOrEqual(1_000);
  });

  it('holds the view still while output arrives and counts the new lines', async () => {
    const h = await attachedAfter(3_000);
    h.stdin.type('\x02[');
    await h.waitFor(inScrollMode, 'scroll mode');
    h.stdin.type('\x1b[5~'); // PageUp
    await h.waitFor((t) => t.includes('[scroll 20/') && paneRows(h).every((l) => /^line \d+$/.test(l)), 'one page up, drawn');
    const before = paneRows(h);
    expect(before[0]).toMatch(/^line \d+$/);
    h.api.pushOutput('a1', '\r\n' + lines(3_001, 3_030));
    // 31 rows: the prompt's line ends, then 30 lines.
    await h.waitFor((t) => t.includes('+31 new lines'), 'the new-lines marker');
    expect(paneRows(h)).toEqual(before);
    // tmux's offset grew with the output below the view: 20 + 31.
    expect(h.stdout.text()).toContain('[scroll 51/');
    // G goes to the live view and counts what arrived as seen.
    h.stdin.type('G');
    await h.waitFor((t) => t.includes('[scroll 0/') && !t.includes('new lines'), 'back at the live view');
    expect(paneRows(h).join('\n')).toContain('line 3030');
  });

  it('highlights every match, moves between them with n and N, and wraps like tmux', async () => {
    const h = await attachedAfter(2_000);
    h.stdin.type('\x02[');
    await h.waitFor(inScrollMode, 'scroll mode');
    // "line 150" matches line 150 and 1500-1509; searching up finds 1509 first.
    h.stdin.type('/line 150\r');
    await h.waitFor(() => bgOf(h, 'line 1509') === MAGENTA, 'first match current');
    expect(bgOf(h, 'line 1508')).toBe(CYAN);
    h.stdin.type('n');
    await h.waitFor(() => bgOf(h, 'line 1508') === MAGENTA, 'n: the next match up');
    expect(bgOf(h, 'line 1509')).toBe(CYAN);
    h.stdin.type('N');
    await h.waitFor(() => bgOf(h, 'line 1509') === MAGENTA, 'N: back down');
    for (let i = 0; i < 10; i++) h.stdin.type('n');
    await h.waitFor(() => isCurrentRow(h, 'line 150'), 'n reaches line 150, the oldest match');
    h.stdin.type('n');
    await h.waitFor(() => bgOf(h, 'line 1509') === MAGENTA, 'n wraps around to the newest match');
  });

  it('searches again from the view, not from a match the user scrolled away from (tmux: from the cursor)', async () => {
    const h = await attachedAfter(2_000);
    h.stdin.type('\x02[');
    await h.waitFor(inScrollMode, 'scroll mode');
    h.stdin.type('/line 150\r');
    await h.waitFor(() => bgOf(h, 'line 1509') === MAGENTA, 'the first match, 1509');
    h.stdin.type('g');
    await h.waitFor(() => paneRows(h)[0] === 'line 1', 'the oldest line');
    // Up from the top of the history: nothing above, so it wraps to the newest match, 1509 (not 1508, the one after
    // the match left behind).
    h.stdin.type('n');
    await h.waitFor(() => paneRows(h).includes('line 1509'), 'a match in view');
    expect(bgOf(h, 'line 1509')).toBe(MAGENTA);
  });

  it('shows "not found" until the next successful search or move, then drops it', async () => {
    const h = await attachedAfter(500);
    h.stdin.type('\x02[');
    await h.waitFor(inScrollMode, 'scroll mode');
    h.stdin.type('/no such text\r');
    await h.waitFor((t) => t.includes('not found: no such text'), 'not found');
    // A line the TUI's own copy holds too: only the stale message can fail this.
    h.stdin.type('/line 450\r');
    await h.waitFor(() => paneRows(h).includes('line 450'), 'found');
    expect(h.stdout.text()).not.toContain('not found');
    h.stdin.type('/still missing\r');
    await h.waitFor((t) => t.includes('not found: still missing'), 'not found again');
    h.stdin.type('k');
    await h.waitFor((t) => !t.includes('not found'), 'a move clears it');
  });

  it('shows a full-screen program (alternate screen) live at the bottom, and the history behind it above', async () => {
    const h = await attachedAfter(300);
    const app = '\x1b[?1049h\x1b[H\x1b[2JFULL SCREEN APP';
    h.api.pushOutput('a1', app);
    await h.waitFor((t) => t.includes('FULL SCREEN APP'), 'the app');
    h.stdin.type('\x02[');
    await h.waitFor(inScrollMode, 'scroll mode');
    await h.settle();
    expect(h.stdout.text()).toContain('FULL SCREEN APP');
    h.stdin.type('\x1b[5~');
    await h.waitFor((t) => !t.includes('FULL SCREEN APP') && /line \d+/.test(t), 'the history behind it');
  });

  it('keeps its place when the daemon renumbers the rows (another client resized the PTY)', async () => {
    const h = await attachedAfter(3_000);
    h.stdin.type('\x02[');
    await h.waitFor(inScrollMode, 'scroll mode');
    // Far up, where every page is settled history: only a renumbering makes them stale.
    h.stdin.type('/line 1000\r');
    await h.waitFor(() => paneRows(h).includes('line 1000'), 'line 1000');
    const before = paneRows(h);
    const reads = h.api.historyReads.length;
    const { width, height } = paneBox(h)!;
    h.api.pushResize('a1', width - 4, height);
    // Short lines do not reflow: the same rows, fetched again in the new numbering.
    await h.waitFor(() => h.api.historyReads.slice(reads).some((r) => r.opts.count > 0 && (r.opts.fromLine ?? 0) < 1_200), 'pages read again');
    await h.waitFor(() => paneRows(h)[0] === before[0], 'the same place');
    expect(paneRows(h).slice(0, 5)).toEqual(before.slice(0, 5));
  });

  it('asks the daemon one thing at a time while output streams in: a burst of output costs a few reads, not one each', async () => {
    const h = await attachedAfter(3_000);
    h.stdin.type('\x02[');
    await h.waitFor(inScrollMode, 'scroll mode');
    h.stdin.type('g');
    await h.waitFor(() => paneRows(h)[0] === 'line 1', 'the oldest line');
    const reads = h.api.historyReads.length;
    for (let i = 1; i <= 200; i++) h.api.pushOutput('a1', `more ${i}\r\n`);
    await h.waitFor((t) => t.includes('+200 new lines'), 'all counted');
    // Each read waits for the one before: 200 deltas in one turn are a handful of reads.
    expect(h.api.historyReads.length - reads).toBeLessThanOrEqual(4);
    expect(paneRows(h)[0]).toBe('line 1');
  });

  it('finds and highlights a match the terminal wrapped across two rows, as tmux does', async () => {
    const h = await attachedAfter(200);
    const { width } = paneBox(h)!;
    // "needle" starts three columns before the pane's edge: "nee" ends one row, "dle" starts the next.
    h.api.pushOutput('a1', `\r\n${'x'.repeat(width - 3)}needle and more\r\n` + lines(1_000, 1_030) + 'one$ ');
    await h.waitFor((t) => t.includes('line 1030'), 'the output');
    h.stdin.type('\x02[');
    await h.waitFor(inScrollMode, 'scroll mode');
    h.stdin.type('/needle\r');
    await h.waitFor(() => paneRows(h).some((r) => r.startsWith('dle and more')), 'the wrapped line in view');
    expect(h.stdout.text()).not.toContain('not found');
    const buf = h.stdout.term.buffer.active;
    const box = paneBox(h)!;
    const rowOf = (prefix: string) => paneRows(h).findIndex((r) => r.startsWith(prefix));
    const tail = rowOf('dle and more');
    // Both halves in the current match's colour: the end of one row and the start of the next.
    const bg = (y: number, x: number) => buf.getLine(box.top + 1 + y)?.getCell(box.left + 1 + x)?.getBgColor();
    expect([bg(tail - 1, width - 3), bg(tail - 1, width - 1), bg(tail, 0), bg(tail, 2)]).toEqual([MAGENTA, MAGENTA, MAGENTA, MAGENTA]);
    expect(bg(tail, 3)).not.toBe(MAGENTA);
  });

  it('the wheel enters scroll mode on the pane and leaves it at the live view', async () => {
    const h = await attachedAfter(300);
    h.stdin.type('\x1b[<64;60;5M');
    await h.waitFor((t) => t.includes('[scroll 3/'), 'three lines up');
    h.stdin.type('\x1b[<65;60;5M');
    await h.waitFor((t) => !t.includes('[scroll'), 'left at the bottom');
  });
});

/** Whether the row whose whole text is `text` holds the current (magenta) match. */
function isCurrentRow(h: Harness, text: string): boolean {
  const buf = h.stdout.term.buffer.active;
  for (let y = 0; y < h.stdout.rows; y++) {
    const line = buf.getLine(y);
    const s = line?.translateToString(false) ?? '';
    const at = s.indexOf(`${text} `);
    if (line && at >= 0 && s.slice(at + text.length).trimStart().startsWith('┃')) {
      const cell = line.getCell(at);
      return cell?.isBgPalette() === true && cell.getBgColor() === MAGENTA;
    }
  }
  return false;
}
