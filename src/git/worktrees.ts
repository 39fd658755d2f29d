/**
 * Git worktrees through simple-git: the repository behind a directory, add/list/remove worktrees, fetch a PR head,
 * and what removing one would lose. Every failure is a GitError naming the git command and its stderr.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { GitError, errorMessage } from '../core/errors.js';

/** Runs `git <args>` in `cwd`; its stdout, or a GitError with the command and what git said. */
export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    return await simpleGit({ baseDir: cwd }).raw(args);
  } catch (err) {
    const stderr = errorMessage(err).trim();
    const command = `git ${args.join(' ')}`;
    throw new GitError(`${command} failed: ${stderr.split('\n').slice(-3).join(' ') || 'no output'}`, command, stderr, { cwd });
  }
}

/**
 * `git <args>`, or undefined when it fails (a ref that does not exist). No `--quiet` on such probes: simple-git
 * reports a failure only when git said something on stderr.
 */
async function gitOrUndefined(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return await git(cwd, args);
  } catch {
    return undefined;
  }
}

export interface RepoInfo {
  /** The main worktree's top directory (for a linked worktree: the repository it belongs to). */
  root: string;
  /** Short hash of the repository's real common git dir: its folder name under PASEO_HOME/worktrees. */
  hash: string;
}

/** The repository `cwd` is in, resolved to its main worktree, so a worktree's repo is its parent's. */
export async function resolveRepo(cwd: string): Promise<RepoInfo> {
  if (!fs.existsSync(cwd)) throw new GitError(`no such directory ${cwd}`, 'git rev-parse', '', { cwd });
  let common: string;
  try {
    common = (await git(cwd, ['rev-parse', '--path-format=absolute', '--git-common-dir'])).trim();
  } catch (err) {
    if (err instanceof GitError && /not a git repository/i.test(err.stderr)) throw new GitError(`not a git repository: ${cwd}`, err.command, err.stderr, { cwd });
    throw err;
  }
  const real = fs.realpathSync(common);
  const root = path.basename(real) === '.git' ? path.dirname(real) : real;
  return { root, hash: createHash('sha256').update(real).digest('hex').slice(0, 12) };
}

/** origin's HEAD branch, else the main worktree's current branch, else "main". */
export async function defaultBranch(repo: string): Promise<string> {
  const remoteHead = await gitOrUndefined(repo, ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD']);
  if (remoteHead?.trim()) return remoteHead.trim().replace(/^origin\//, '');
  const head = await gitOrUndefined(repo, ['symbolic-ref', '--short', 'HEAD']);
  return head?.trim() || 'main';
}

export async function refExists(repo: string, ref: string): Promise<boolean> {
  return (await gitOrUndefined(repo, ['rev-parse', '--verify', `${ref}^{commit}`])) !== undefined;
}

export async function localBranchExists(repo: string, branch: string): Promise<boolean> {
  return (await gitOrUndefined(repo, ['show-ref', '--verify', `refs/heads/${branch}`])) !== undefined;
}

/** A branch name as a directory name: lowercase letters, digits, dot, dash, underscore. */
export function branchSlug(branch: string): string {
  const slug = branch
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .replace(/\.{2,}/g, '.');
  return slug || 'worktree';
}

export interface GitWorktree {
  path: string;
  /** Short branch name; undefined for a detached HEAD. */
  branch?: string;
  head?: string;
}

/** `git worktree list --porcelain`, the main worktree first. */
export async function listGitWorktrees(repo: string): Promise<GitWorktree[]> {
  const out = await git(repo, ['worktree', 'list', '--porcelain']);
  const list: GitWorktree[] = [];
  let current: GitWorktree | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) {
      current = { path: line.slice('worktree '.length) };
      list.push(current);
    } else if (current && line.startsWith('branch ')) current.branch = line.slice('branch '.length).replace(/^refs\/heads\//, '');
    else if (current && line.startsWith('HEAD ')) current.head = line.slice('HEAD '.length);
  }
  return list;
}

/** Adds a worktree at `dir`: a new branch off `base`, or an existing branch checked out. */
export async function addWorktree(repo: string, dir: string, spec: { newBranch: string; base: string } | { branch: string }): Promise<void> {
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
  if ('newBranch' in spec) await git(repo, ['worktree', 'add', '-b', spec.newBranch, dir, spec.base]);
  else await git(repo, ['worktree', 'add', dir, spec.branch]);
}

/**
 * Fetches `refs/pull/<n>/head` from origin into the local branch `branch`: created, or fast-forwarded — never forced,
 * so commits of a local branch of that name are not thrown away (git refuses, and says so).
 */
export async function fetchPullRequest(repo: string, prNumber: number, branch: string): Promise<void> {
  await git(repo, ['fetch', 'origin', `refs/pull/${prNumber}/head:refs/heads/${branch}`]);
}

export interface WorkAtRisk {
  /** `git status --porcelain` lines: changed, staged and untracked files. */
  uncommitted: string[];
  /** Commits on the branch that are on no remote branch and not in `base` ("<short hash> <subject>"). */
  unpushed: string[];
}

/** What removing the worktree at `dir` (on `branch`) would lose. */
export async function workAtRisk(dir: string, branch: string | undefined, base: string | undefined): Promise<WorkAtRisk> {
  const status = await git(dir, ['status', '--porcelain']);
  const uncommitted = status.split('\n').filter((l) => l.trim() !== '');
  let unpushed: string[] = [];
  if (branch) {
    const args = ['log', '--format=%h %s', `refs/heads/${branch}`, '--not', '--remotes'];
    if (base && (await refExists(dir, base))) args.push(base);
    unpushed = (await git(dir, args)).split('\n').filter((l) => l.trim() !== '');
  }
  return { uncommitted, unpushed };
}

/** Removes the worktree directory and git's record of it, then deletes its branch. */
export async function removeWorktree(repo: string, dir: string, branch: string | undefined): Promise<void> {
  await git(repo, ['worktree', 'remove', '--force', dir]);
  if (branch && (await localBranchExists(repo, branch))) await git(repo, ['branch', '-D', branch]);
}

/** A file's content at a commit (`git show <ref>:<file>`), or undefined when the file is not there. */
export async function showFile(repo: string, ref: string, file: string): Promise<string | undefined> {
  return gitOrUndefined(repo, ['show', `${ref}:${file}`]);
}
