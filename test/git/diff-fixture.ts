/**
 * A git repository in a temp dir with one change of each kind, for the diff tests: on branch agent/work (started from
 * main) the "agent" committed feature.ts; the working tree then has an added (staged), a modified, a deleted, a renamed,
 * a binary and an untracked file, plus node_modules/ and an ignored file that must never show. Commit dates are fixed,
 * so commit ids (and frames showing them) are the same on every run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DATE = '2025-01-01T09:00:00Z';
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Fixture',
  GIT_AUTHOR_EMAIL: 'fixture@example.com',
  GIT_COMMITTER_NAME: 'Fixture',
  GIT_COMMITTER_EMAIL: 'fixture@example.com',
  GIT_AUTHOR_DATE: DATE,
  GIT_COMMITTER_DATE: DATE,
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: os.tmpdir(),
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, env: ENV, encoding: 'utf8' });
}

export function write(dir: string, file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), content);
}

const APP = Array.from({ length: 12 }, (_, i) => `export const line${i + 1} = ${i + 1};`).join('\n') + '\n';
const RENAMED = 'This file moves.\nIts lines stay the same,\nso git sees a rename,\nnot a delete and an add.\n';

export interface FixtureRepo {
  dir: string;
  /** Where the agent started: branch main, at the initial commit. */
  start: { branch: string; head: string };
  cleanup(): void;
}

export function makeFixtureRepo(): FixtureRepo {
  const repo = initFixtureRepo();
  applyAgentWork(repo.dir);
  return repo;
}

/** The repository before the agent worked: branch main, one commit (an agent created now records main at it). */
export function initFixtureRepo(): FixtureRepo {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-diff-')));
  git(dir, 'init', '-q');
  write(dir, '.gitignore', 'node_modules/\n*.log\n');
  write(dir, 'src/app.ts', APP);
  write(dir, 'README.md', '# fixture\n');
  write(dir, 'old-name.txt', RENAMED);
  write(dir, 'doomed.txt', 'to be deleted\nsoon\n');
  write(dir, 'logo.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  return { dir, start: { branch: 'main', head }, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** What the "agent" does: a commit on a new branch, then one working-tree change of each kind. */
export function applyAgentWork(dir: string): void {
  git(dir, 'checkout', '-q', '-b', 'agent/work');
  write(dir, 'feature.ts', 'export function feature(): string {\n  return "agent";\n}\n');
  git(dir, 'add', 'feature.ts');
  git(dir, 'commit', '-q', '-m', 'agent: add feature');
  // The working tree: one change of each kind.
  write(dir, 'src/app.ts', APP.replace('line3 = 3', 'line3 = 33').replace('export const line12 = 12;\n', 'export const line12 = 12;\nexport const line13 = 13;\n'));
  fs.rmSync(path.join(dir, 'doomed.txt'));
  git(dir, 'mv', 'old-name.txt', 'new-name.txt');
  write(dir, 'logo.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 9, 9, 9]));
  write(dir, 'added.ts', 'export const added = true;\n');
  git(dir, 'add', 'added.ts');
  write(dir, 'notes.md', 'untracked notes\nsecond line\n');
  write(dir, 'node_modules/pkg/index.js', 'module.exports = 1;\n');
  write(dir, 'debug.log', 'ignored\n');
}
