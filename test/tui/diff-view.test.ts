// The diff view (prefix D) on a fixture repository: frames against HEAD and against the base, its keys, paging of a
// long file, and a refresh when a file changes. git runs for real (the daemon's AgentDiffs behind a fake api).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../src/core/agent.js';
import type { AgentDiff, DiffOptions, DiffWaitResult } from '../../src/core/diff-types.js';
import { AgentDiffs } from '../../src/supervisor/diffs/agent-diffs.js';
import { CellGrid } from '../../src/tui/compositor/cell-grid.js';
import { DiffView } from '../../src/tui/modes/diff-view.js';
import { makeFixtureRepo, write, type FixtureRepo } from '../git/diff-fixture.js';
import { FakeApi } from './fake-api.js';
import { startHarness, type Harness } from './harness.js';

class GitFakeApi extends FakeApi {
  readonly diffs = new AgentDiffs((id) => this.agents.get(id) as AgentRecord, { pollIntervalMs: 40 });
  readonly diffCalls: DiffOptions[] = [];
  /** While set, pages past the first of a file wait for it (the test sees the cut before the rest arrives). */
  holdMore: Promise<void> | undefined;
  async agentDiff(agentId: string, opts: DiffOptions = {}): Promise<AgentDiff> {
    this.diffCalls.push(opts);
    if (opts.offset && this.holdMore) await this.holdMore;
    return this.diffs.diff(agentId, opts);
  }
  waitDiffChange(agentId: string, opts: { fingerprint: string; timeoutMs?: number }): Promise<DiffWaitResult> {
    return this.diffs.waitChange(agentId, opts.fingerprint, opts.timeoutMs);
  }
}

let repo: FixtureRepo;
const open: Harness[] = [];
beforeEach(() => {
  repo = makeFixtureRepo();
});
afterEach(() => {
  for (const h of open.splice(0)) {
    h.session.restore();
    (h.api as GitFakeApi).diffs.dispose();
  }
  repo.cleanup();
});

const COLS = 120;
const ROWS = 40;
const snap = (name: string) => `../../snapshots/tui/${name}-${COLS}x${ROWS}.frame.txt`;

async function openDiff(): Promise<Harness> {
  const api = new GitFakeApi();
  api.addAgent({ id: 'a1', title: 'fixer', provider: 'shell', cwd: repo.dir, gitStart: repo.start });
  const h = startHarness({ cols: COLS, rows: ROWS, api });
  open.push(h);
  await h.settle();
  api.pushSnapshot('a1', `$ git status\r\n$ `, 80, 20);
  await h.waitFor((t) => t.includes('git status'), 'pane');
  h.stdin.type('\x02D');
  await h.waitFor((t) => t.includes('Diff · fixer') && t.includes('@@') && !t.includes('loading'), 'diff view');
  return h;
}

/** The text of screen row y (0-based). */
function row(h: Harness, y: number): string {
  return h.stdout.text().split('\n')[y] ?? '';
}

describe('diff view', () => {
  it('frames: against HEAD, then against the base (b) with the agent\'s own commit', async () => {
    const h = await openDiff();
    for (let i = 0; i < 5; i++) h.stdin.type('n');
    await h.waitFor((t) => t.includes('src/app.ts (modified) 6/6') && t.includes('export const line13 = 13;'), 'src/app.ts');
    const text = h.stdout.text();
    expect(text).toContain('against HEAD · 6 files +5 -3');
    expect(text).not.toContain('node_modules');
    expect(text).not.toContain('debug.log');
    expect(text).not.toContain('feature.ts');
    await expect(h.stdout.frame()).toMatchFileSnapshot(snap('diff-head'));
    h.stdin.type('b');
    await h.waitFor((t) => t.includes('against the base: merge-base of HEAD and main') && t.includes('feature.ts') && !t.includes('loading'), 'base mode');
    expect(h.stdout.text()).toContain('src/app.ts (modified) 7/7');
    await expect(h.stdout.frame()).toMatchFileSnapshot(snap('diff-base'));
  });

  it('keys: n/p files, ]/[ hunks, w whitespace, q back to the panes', async () => {
    const h = await openDiff();
    h.stdin.type('n');
    await h.waitFor((t) => t.includes('doomed.txt (deleted) 2/6') && t.includes('-to be deleted'), 'n');
    h.stdin.type('p');
    await h.waitFor((t) => t.includes('added.ts (added) 1/6'), 'p');
    h.stdin.type('nnnnn');
    await h.waitFor((t) => t.includes('src/app.ts (modified) 6/6') && t.includes('line13'), 'last file');
    expect(row(h, 2)).toContain('@@ -1,6 +1,6 @@');
    h.stdin.type(']');
    await h.waitFor(() => row(h, 2).includes('@@ -10,3 +10,4 @@'), 'next hunk at the top');
    h.stdin.type('[');
    await h.waitFor(() => row(h, 2).includes('@@ -1,6 +1,6 @@'), 'previous hunk at the top');
    // w: a whitespace-only change leaves the list.
    write(repo.dir, 'README.md', '#   fixture  \n');
    h.stdin.type('w');
    await h.waitFor((t) => t.includes('ignoring whitespace') && t.includes('6 files') && !t.includes('loading'), 'ignore whitespace');
    expect(h.stdout.text()).not.toContain('README.md');
    h.stdin.type('w');
    await h.waitFor((t) => !t.includes('ignoring whitespace') && t.includes('README.md'), 'whitespace shown');
    h.stdin.type('q');
    await h.waitFor((t) => !t.includes('Diff ·') && t.includes('git status'), 'back to the panes');
    // prefix D again toggles; another prefix command (help) leaves the view first.
    h.stdin.type('\x02D');
    await h.waitFor((t) => t.includes('Diff · fixer'), 'open again');
    h.stdin.type('\x02D');
    await h.waitFor((t) => !t.includes('Diff ·') && t.includes('git status'), 'prefix D closes it');
    h.stdin.type('\x02D');
    await h.waitFor((t) => t.includes('Diff · fixer'), 'open once more');
    h.stdin.type('\x02?');
    await h.waitFor((t) => !t.includes('Diff ·') && t.includes('Keys: press C-b'), 'help, not under the diff');
  });

  it('a long file is paged: j/PgDn scroll, the cut shows "N more lines", and scrolling to it loads the rest', async () => {
    write(repo.dir, 'aaa-long.txt', Array.from({ length: 2500 }, (_, i) => `row ${i + 1}`).join('\n') + '\n');
    const h = await openDiff();
    await h.waitFor((t) => t.includes('aaa-long.txt (untracked) 1/7') && /\+row 1 *\n/.test(t), 'long file');
    const api = h.api as GitFakeApi;
    expect(api.diffCalls.filter((c) => c.file === 'aaa-long.txt').map((c) => c.offset ?? 0)).toEqual([0]);
    h.stdin.type('j');
    await h.waitFor(() => row(h, 2).includes('│+row 1') && !row(h, 2).includes('@@'), 'one line down');
    h.stdin.type('\x1b[6~');
    await h.waitFor(() => row(h, 2).includes('+row 37'), 'a page down');
    let release!: () => void;
    api.holdMore = new Promise<void>((r) => (release = r));
    h.stdin.type('G');
    await h.waitFor((t) => /row 2000 *\n.*… 500 more lines \(scroll down to load\)/.test(t), 'the cut at the end');
    // The cut in view asked for the next page (held until released).
    expect(api.diffCalls.filter((c) => c.file === 'aaa-long.txt').map((c) => c.offset ?? 0)).toEqual([0, 2000]);
    release();
    await h.waitFor((t) => !t.includes('more lines'), 'the rest loaded');
    h.stdin.type('G');
    await h.waitFor((t) => t.includes('row 2500'), 'the end');
    expect(api.diffCalls.filter((c) => c.file === 'aaa-long.txt').map((c) => c.offset ?? 0)).toEqual([0, 2000]);
  });

  it('refreshes by itself when a file changes', async () => {
    const h = await openDiff();
    expect(h.stdout.text()).not.toContain('fresh.txt');
    write(repo.dir, 'fresh.txt', 'written after the view opened\n');
    await h.waitFor((t) => t.includes('fresh.txt') && t.includes('7 files'), 'the new file listed');
    write(repo.dir, 'added.ts', 'export const added = true;\nexport const again = 2;\n');
    await h.waitFor((t) => t.includes('export const again = 2;'), 'the shown file reloaded');
  });

  it('pages the file list: "… N more files", and n past the last one listed loads the next page', async () => {
    const api = new GitFakeApi();
    api.addAgent({ id: 'a1', title: 'fixer', provider: 'shell', cwd: repo.dir, gitStart: repo.start });
    const view = new DiffView(api, { requestFrame: () => undefined, size: { cols: COLS, rows: ROWS }, filesPage: 3 });
    const screen = (): string => {
      const grid = new CellGrid(COLS, ROWS);
      view.draw(grid);
      return Array.from({ length: ROWS }, (_, y) => grid.rowText(y)).join('\n');
    };
    const until = async (what: string, check: (t: string) => boolean): Promise<void> => {
      const deadline = Date.now() + 5_000;
      while (!check(screen())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    try {
      view.enter('a1', 'fixer');
      await until('the first page', (t) => t.includes('… 3 more files') && t.includes('added.ts (added) 1/6') && t.includes('+export const added'));
      expect(screen()).not.toContain('new-name.txt');
      const key = (name: string) => view.input({ kind: 'key', name, data: name });
      key('n');
      key('n');
      await until('the last file listed', (t) => t.includes('logo.bin (binary) 3/6'));
      key('n');
      await until('the next page, its first file selected', (t) => t.includes('new-name.txt (renamed) 4/6') && t.includes('src/app.ts'));
      expect(screen()).not.toContain('more files');
      expect(api.diffCalls.filter((c) => c.file === undefined).map((c) => [c.offset ?? 0, c.limit])).toEqual([
        [0, 3],
        [3, 3],
      ]);
    } finally {
      view.dispose();
    }
  });
});
