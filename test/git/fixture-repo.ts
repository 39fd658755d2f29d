/** A fixture repository with a local bare `origin` that carries `refs/pull/503/head` and a branch only origin has. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function commitFile(repo: string, file: string, content: string, message: string): void {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), content);
  git(repo, 'add', file);
  git(repo, 'commit', '-q', '-m', message);
}

export interface FixtureRepo {
  dir: string;
  repo: string;
  origin: string;
  dispose(): void;
}

export function makeFixtureRepo(): FixtureRepo {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-git-'));
  const origin = path.join(dir, 'origin.git');
  const repo = path.join(dir, 'repo');
  git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
  git(dir, 'init', '-q', '-b', 'main', repo);
  commitFile(repo, 'README.md', 'hello\n', 'initial');
  git(repo, 'remote', 'add', 'origin', origin);
  git(repo, 'push', '-q', 'origin', 'main');
  git(repo, 'remote', 'set-head', 'origin', 'main');
  // A pull request's head, as GitHub keeps it: only on origin, under refs/pull/.
  git(repo, 'checkout', '-q', '-b', 'pr-src');
  commitFile(repo, 'pr.txt', 'from the PR\n', 'PR 503 change');
  git(repo, 'push', '-q', 'origin', 'pr-src:refs/pull/503/head');
  // A branch only origin has.
  git(repo, 'checkout', '-q', '-b', 'feat/bar', 'main');
  commitFile(repo, 'bar.txt', 'bar\n', 'feat bar');
  git(repo, 'push', '-q', 'origin', 'feat/bar');
  git(repo, 'checkout', '-q', 'main');
  git(repo, 'branch', '-q', '-D', 'pr-src', 'feat/bar');
  git(repo, 'fetch', '-q', 'origin');
  return { dir, repo, origin, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
