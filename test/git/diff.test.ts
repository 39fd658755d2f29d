import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitError } from '../../src/core/errors.js';
import { repoFingerprint } from '../../src/git/changed-files.js';
import { pageHunks, readDiff } from '../../src/git/diff.js';
import { GitRunner } from '../../src/git/git-runner.js';
import { git as gitIn, makeFixtureRepo, write, type FixtureRepo } from './diff-fixture.js';

let repo: FixtureRepo;
let git: GitRunner;
beforeAll(async () => {
  repo = makeFixtureRepo();
  git = await GitRunner.open(path.join(repo.dir, 'src'));
});
afterAll(() => repo.cleanup());

describe('changed files', () => {
  it('against HEAD: staged, unstaged and untracked, each with its status and counts; ignored files never', async () => {
    const d = await readDiff(git);
    expect(d.root).toBe(repo.dir);
    expect(d.against).toBe('HEAD');
    expect(d.files.map((f) => [f.path, f.status, f.added, f.removed])).toEqual([
      ['added.ts', 'added', 1, 0],
      ['doomed.txt', 'deleted', 0, 2],
      ['logo.bin', 'binary', 0, 0],
      ['new-name.txt', 'renamed', 0, 0],
      ['notes.md', 'untracked', 2, 0],
      ['src/app.ts', 'modified', 2, 1],
    ]);
    expect(d.files.find((f) => f.path === 'new-name.txt')?.oldPath).toBe('old-name.txt');
    expect(d.totalFiles).toBe(6);
    expect([d.added, d.removed]).toEqual([5, 3]);
    const paths = d.files.map((f) => f.path).join(' ');
    expect(paths).not.toContain('node_modules');
    expect(paths).not.toContain('debug.log');
    expect(paths).not.toContain('feature.ts');
  });

  it('against the base: the merge-base with the branch it started from, so the agent\'s own commits show', async () => {
    const d = await readDiff(git, { base: true, start: { branch: 'main' } });
    expect(d.mode).toBe('base');
    expect(d.against).toMatch(/^merge-base of HEAD and main \([0-9a-f]{7}\)$/);
    expect(d.files.find((f) => f.path === 'feature.ts')).toMatchObject({ status: 'added', added: 3 });
    // Without a recorded start, the default branch (main) is the base.
    const byDefault = await readDiff(git, { base: true });
    expect(byDefault.files.map((f) => f.path)).toContain('feature.ts');
    // Started on this same branch at the initial commit: its commits since are included.
    const sameBranch = await readDiff(git, { base: true, start: { branch: 'agent/work', head: repo.start.head } });
    expect(sameBranch.files.map((f) => f.path)).toContain('feature.ts');
  });

  it('pages the file list', async () => {
    const d = await readDiff(git, { offset: 2, limit: 2 });
    expect(d.files.map((f) => f.path)).toEqual(['logo.bin', 'new-name.txt']);
    expect([d.offset, d.totalFiles]).toEqual([2, 6]);
  });
});

describe('file hunks', () => {
  it('numbers old and new lines, with context', async () => {
    const d = await readDiff(git, { file: 'src/app.ts' });
    const hunks = d.file!.hunks;
    expect(hunks.length).toBe(2);
    const changed = hunks[0]!.lines.filter((l) => l.kind !== 'context');
    expect(changed).toEqual([
      { kind: 'del', oldLine: 3, text: 'export const line3 = 3;' },
      { kind: 'add', newLine: 3, text: 'export const line3 = 33;' },
    ]);
    expect(hunks[0]!.lines[0]).toEqual({ kind: 'context', oldLine: 1, newLine: 1, text: 'export const line1 = 1;' });
    expect(hunks[1]!.lines.at(-1)).toEqual({ kind: 'add', newLine: 13, text: 'export const line13 = 13;' });
  });

  it('a binary file is never loaded; an untracked one shows as added; a deleted one as removed', async () => {
    expect((await readDiff(git, { file: 'logo.bin' })).file).toMatchObject({ binary: true, hunks: [] });
    expect((await readDiff(git, { file: 'notes.md' })).file!.hunks[0]!.lines).toEqual([
      { kind: 'add', newLine: 1, text: 'untracked notes' },
      { kind: 'add', newLine: 2, text: 'second line' },
    ]);
    expect((await readDiff(git, { file: 'doomed.txt' })).file!.hunks[0]!.lines.map((l) => l.kind)).toEqual(['del', 'del']);
  });

  it('ignore whitespace: a whitespace-only change is not listed', async () => {
    write(repo.dir, 'README.md', '#   fixture  \n');
    try {
      expect((await readDiff(git, { file: 'README.md' })).file!.hunks.length).toBe(1);
      // As with `git diff -w`: a file whose changes are all whitespace is not listed.
      const ws = await readDiff(git, { ignoreWhitespace: true });
      expect(ws.files.map((f) => f.path)).not.toContain('README.md');
      expect((await readDiff(git)).files.map((f) => f.path)).toContain('README.md');
    } finally {
      write(repo.dir, 'README.md', '# fixture\n');
    }
  });

  it('cuts a long diff with the number of lines left', async () => {
    write(repo.dir, 'big.txt', Array.from({ length: 50 }, (_, i) => `row ${i}`).join('\n') + '\n');
    try {
      const first = (await readDiff(git, { file: 'big.txt', limit: 20 })).file!;
      expect(first.hunks[0]!.lines.length).toBe(20);
      expect(first.moreLines).toBe(30);
      const next = (await readDiff(git, { file: 'big.txt', offset: 20, limit: 20 })).file!;
      expect(next.hunks[0]!.lines[0]).toEqual({ kind: 'add', newLine: 21, text: 'row 20' });
      expect(next.moreLines).toBe(10);
    } finally {
      fs.rmSync(path.join(repo.dir, 'big.txt'));
    }
  });

  it('a diff past the byte cap: git is stopped, what was read is shown, the rest counted as unreadable', async () => {
    const own = makeFixtureRepo();
    try {
      const lines = (suffix: string) => Array.from({ length: 5000 }, (_, i) => `generated line ${i + 1}${suffix}`).join('\n') + '\n';
      write(own.dir, 'gen.txt', lines(''));
      gitIn(own.dir, 'add', 'gen.txt');
      gitIn(own.dir, 'commit', '-q', '-m', 'generated');
      write(own.dir, 'gen.txt', lines(' changed'));
      const ownGit = await GitRunner.open(own.dir);
      const cut = (await readDiff(ownGit, { file: 'gen.txt', maxDiffBytes: 20_000, limit: 100_000 })).file!;
      const shown = cut.hunks.flatMap((h) => h.lines);
      expect(shown.length).toBeGreaterThan(100);
      expect(shown.length).toBeLessThan(1500);
      expect(shown[0]).toEqual({ kind: 'del', oldLine: 1, text: 'generated line 1' });
      expect(cut.unreadLines).toBe(10_000 - shown.length);
      expect(cut.moreLines).toBe(cut.unreadLines);
      // Uncut, the same file is whole.
      const whole = (await readDiff(ownGit, { file: 'gen.txt', limit: 100_000 })).file!;
      expect(whole.hunks.flatMap((h) => h.lines).length).toBe(10_000);
      expect(whole.unreadLines).toBeUndefined();
    } finally {
      own.cleanup();
    }
  });

  it('pageHunks spans hunk boundaries', () => {
    const h = (n: number, from: number) => ({ header: `h${from}`, lines: Array.from({ length: n }, (_, i) => ({ kind: 'add' as const, newLine: from + i, text: '' })) });
    const paged = pageHunks([h(3, 1), h(3, 10)], 2, 2);
    expect(paged.hunks.map((x) => [x.header, x.lines.map((l) => l.newLine)])).toEqual([
      ['h1', [3]],
      ['h10', [10]],
    ]);
    expect(paged.moreLines).toBe(2);
  });
});

describe('fingerprint', () => {
  it('changes when a changed file changes again, and when a file appears', async () => {
    const before = await repoFingerprint(git);
    expect(await repoFingerprint(git)).toBe(before);
    write(repo.dir, 'src/app.ts', fs.readFileSync(path.join(repo.dir, 'src/app.ts'), 'utf8') + 'export const more = 1;\n');
    const after = await repoFingerprint(git);
    expect(after).not.toBe(before);
    write(repo.dir, 'another.txt', 'x\n');
    try {
      expect(await repoFingerprint(git)).not.toBe(after);
    } finally {
      fs.rmSync(path.join(repo.dir, 'another.txt'));
    }
  });
});

describe('errors', () => {
  it('not a repository: a GitError with the command and stderr', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-norepo-'));
    try {
      const err = await GitRunner.open(dir, { env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(dir) } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitError);
      expect((err as GitError).message).toBe(`not a git repository: ${dir}`);
      expect((err as GitError).command).toBe('git rev-parse --show-toplevel');
      expect((err as GitError).stderr).toMatch(/not a git repository/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('git missing from PATH: one clear sentence', async () => {
    const err = await GitRunner.open(repo.dir, { env: { ...process.env, PATH: path.join(os.tmpdir(), 'no-git-here') } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).message).toBe('git is not installed (not found on PATH)');
  });

  it('a failing git command carries its command line and stderr', async () => {
    const err = await git.run(['diff', 'no-such-ref-xyz', '--']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).command).toBe('git diff no-such-ref-xyz --');
    expect((err as GitError).stderr).toMatch(/no-such-ref-xyz/);
  });
});
