/**
 * The history store on disk: each save appends the rows that left the live buffer since the last one to
 * agents/<id>.history and writes only the live part to <id>.screen; a restart restores both (the same text as
 * before); rows a save appended without its screen landing (kill -9 between the two) are ignored; ED 3 rewrites the
 * file; an unreadable file is set aside with a notice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { AgentStore } from '../../src/supervisor/agent-store.js';
import { ScreenSaver } from '../../src/supervisor/screen-saver.js';

let home: string;
const disposables: Array<{ dispose(): void }> = [];
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'paseo-history-'));
});
afterEach(() => {
  for (const d of disposables.splice(0)) d.dispose();
  rmSync(home, { recursive: true, force: true });
});

const ID = 'a1';
// blockBytes 0: seal every 16 rows however short, so these small histories exercise compressed blocks too.
const LIMITS = { liveLines: 30, blockLines: 16, blockBytes: 0 };

function screen(opts: Partial<ConstructorParameters<typeof HeadlessScreen>[0]> = {}): HeadlessScreen {
  const s = new HeadlessScreen({ cols: 60, rows: 10, scrollback: 5_000, historyLimits: LIMITS, ...opts });
  disposables.push(s);
  return s;
}
async function print(s: HeadlessScreen, from: number, to: number): Promise<void> {
  let data = '';
  for (let i = from; i < to; i++) data += `\x1b[3${i % 8}mline ${i}\x1b[0m ${'wide 漢字 '.repeat(i % 3)}${i % 7 === 0 ? 'x'.repeat(70) : ''}\r\n`;
  s.write(data);
  await s.drained();
}
function setup(s: HeadlessScreen): { store: AgentStore; saver: ScreenSaver; saves: Array<{ rewrite: boolean; rows: number }> } {
  const store = AgentStore.open(home);
  const saves: Array<{ rewrite: boolean; rows: number }> = [];
  const saver = new ScreenSaver(s, 5_000, (screenState, history) => {
    if (history) saves.push({ rewrite: history.rewrite, rows: history.rows.length });
    return store.saveScreen(ID, screenState, history);
  });
  disposables.push(saver);
  return { store, saver, saves };
}
async function restored(store: AgentStore): Promise<HeadlessScreen> {
  const saved = store.loadScreen(ID, 5_000)!;
  const s = screen({ cols: saved.cols, rows: saved.rows, restore: { cols: saved.cols, rows: saved.rows, data: saved.data, history: saved.history } });
  await s.drained();
  return s;
}

describe('history on disk', () => {
  it('appends what scrolled above the screen since the last save, keeps .screen to the screen, and a restart restores all of it', async () => {
    const a = screen();
    const { store, saver, saves } = setup(a);
    await print(a, 0, 400);
    await saver.saveNow();
    // Row numbers: the screen's top row is `end - rows`; everything above it goes to the file.
    const top = async (): Promise<{ first: number; top: number }> => {
      const info = await a.readHistory({ count: 0 });
      return { first: info.first, top: info.end - info.rows };
    };
    const one = await top();
    const historyFile = store.historyFile(ID);
    const first = readFileSync(historyFile, 'utf8');
    await print(a, 400, 700);
    await saver.saveNow();
    const second = readFileSync(historyFile, 'utf8');
    // Appended: the first save's bytes are still the file's start, and the new rows follow.
    expect(second.startsWith(first)).toBe(true);
    expect(second.length).toBeGreaterThan(first.length);
    // The first save wrote every row above the screen; the second only those that scrolled above it since.
    const two = await top();
    expect(saves.map((x) => x.rewrite)).toEqual([true, false]);
    expect(saves[0]!.rows).toBe(one.top - one.first);
    expect(saves[1]!.rows).toBe(two.top - one.top);
    // The screen file holds the screen alone, not the ~700 lines (nor the live buffer's scrollback): its last line
    // (one line per save: supervisor/screen-log.ts).
    const screenLines = readFileSync(store.screenFile(ID), 'utf8').trimEnd().split('\n');
    expect(screenLines).toHaveLength(2);
    const screenJson = JSON.parse(screenLines[1]!) as { data: string; historyEnd: number };
    expect(screenJson.data).not.toContain('line 650 ');
    expect(screenJson.data).toContain('line 699');
    expect(screenJson.historyEnd).toBe(two.top);
    expect(a.historyStore.length).toBeGreaterThan(600);

    const b = await restored(AgentStore.open(home));
    expect(await b.text()).toBe(await a.text());
    // Restored: every row above the screen is in the store now, from the same oldest row.
    expect(b.historyStore.first).toBe(a.historyStore.first);
    expect(b.historyStore.end).toBe(two.top);
  });

  it('ignores rows appended by a save whose screen never landed (kill -9 between the two writes)', async () => {
    const a = screen();
    const { store, saver } = setup(a);
    await print(a, 0, 300);
    await saver.saveNow();
    const want = await a.text();
    // A later save's rows reached the history file, its .screen did not.
    appendFileSync(store.historyFile(ID), '0line that belongs to a screen never saved\n0another\n');
    const b = await restored(AgentStore.open(home));
    expect(await b.text()).toBe(want);
  });

  it('ED 3 clears the saved history too: the next save rewrites the file', async () => {
    const a = screen();
    const { store, saver } = setup(a);
    await print(a, 0, 300);
    await saver.saveNow();
    a.write('\x1b[3J');
    await print(a, 300, 345);
    await saver.saveNow();
    const text = readFileSync(store.historyFile(ID), 'utf8');
    expect(text).not.toContain('line 5 ');
    const b = await restored(AgentStore.open(home));
    expect(await b.text()).toBe(await a.text());
    expect(await b.text()).not.toContain('line 250 ');
  });

  it('sets an unreadable history file aside and says so where the history was', async () => {
    const a = screen();
    const { store, saver } = setup(a);
    await print(a, 0, 300);
    await saver.saveNow();
    writeFileSync(store.historyFile(ID), 'garbage\nmore garbage\n');
    const b = await restored(AgentStore.open(home));
    const text = await b.text();
    expect(text).toMatch(/\[paseo\] saved history could not be read; kept as a1\.history\.corrupt-\d+/);
    // The live part survived.
    expect(text).toContain('line 299');
    expect(readdirSync(path.join(home, 'agents')).some((f) => f.startsWith('a1.history.corrupt-'))).toBe(true);
  });
});
