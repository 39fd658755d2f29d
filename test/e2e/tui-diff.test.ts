// End to end, as a person would in tmux: prefix D shows what the shell agent changed in its repository (a fixture
// repo the TUI was started in), b toggles against the base, the view refreshes when a file changes, q goes back.
// A real daemon, a real shell agent, the built CLI.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry } from '../helpers/paseo-cli.js';
import { applyAgentWork, initFixtureRepo, write, type FixtureRepo } from '../git/diff-fixture.js';
import { Tmux, focusedPane, tmuxEnv, windowShell } from './helpers/tmux-session.js';

const COLS = 120;
const ROWS = 40;
const W = 'df:0';

let sb: PaseoSandbox;
let tmux: Tmux;
let repo: FixtureRepo;

beforeEach(async () => {
  sb = await PaseoSandbox.create();
  tmux = new Tmux(tmuxEnv(sb));
  repo = initFixtureRepo();
});

afterEach(async () => {
  tmux.kill();
  await sb.dispose();
  repo.cleanup();
});

describe('paseo diff view in tmux', { timeout: 120_000 }, () => {
  it('prefix D: the files and hunks, b against the base, a refresh when a file changes, q back to the pane', async () => {
    tmux.run('new-session', '-d', '-s', 'df', '-x', String(COLS), '-y', String(ROWS), '-c', repo.dir, windowShell(sb));
    await tmux.waitFor(W, 'the window shell prompt', (r) => r.some((l) => l.startsWith('e2e$')));
    tmux.type(W, `node ${cliEntry}`);
    tmux.keys(W, 'Enter');
    // The first run starts a shell agent in this directory (on main, at the first commit): it records where it started.
    await tmux.waitFor(W, 'the TUI on its shell agent', (r) => r[0]!.includes('agents (1)') && (focusedPane(r)?.inner[0] ?? '').length > 0);
    // The "agent" works: a commit on its own branch, then a change of each kind in the working tree.
    applyAgentWork(repo.dir);

    tmux.keys(W, 'C-b', 'D');
    const head = await tmux.waitFor(W, 'the diff view', (r) => (r[0]!.includes('Diff ·') && r.some((l) => l.includes('@@')) && !r[0]!.includes('loading') ? r : undefined));
    expect(head[0]).toContain('against HEAD · 6 files +5 -3');
    const list = head.slice(1, 7).map((l) => l.split('│')[0]!.trim().replace(/\s+/g, ' '));
    expect(list).toEqual(['▸A added.ts +1 -0', 'D doomed.txt +0 -2', 'B logo.bin bin', 'R new-name.txt +0 -0', '? notes.md +2 -0', 'M src/app.ts +2 -1']);
    expect(head.join('\n')).not.toMatch(/node_modules|debug\.log|feature\.ts/);
    expect(head[ROWS - 1]).toContain('n/p file');

    tmux.keys(W, 'b');
    const base = await tmux.waitFor(W, 'against the base', (r) => (r[0]!.includes('against the base: merge-base of HEAD and main') && !r[0]!.includes('loading') ? r : undefined));
    expect(base[0]).toContain('7 files');
    expect(base.join('\n')).toContain('feature.ts');

    // A file written while the view is open shows up by itself.
    write(repo.dir, 'fresh.txt', 'new\n');
    await tmux.waitFor(W, 'the refresh', (r) => r[0]!.includes('8 files') && r.some((l) => l.includes('fresh.txt')));

    tmux.keys(W, 'q');
    await tmux.waitFor(W, 'back to the panes', (r) => !r[0]!.includes('Diff ·') && focusedPane(r) !== undefined);
  });
});
