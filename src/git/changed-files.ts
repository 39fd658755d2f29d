/**
 * The files changed against a commit: tracked changes from `git diff --numstat/--name-status` (staged and unstaged
 * against the working tree), untracked files from `git ls-files --others --exclude-standard`. Both respect .gitignore,
 * so node_modules and ignored files are never walked; binary files are recognised, never read whole.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Diff } from '../core/constants.js';
import type { DiffFile, DiffFileStatus } from '../core/diff-types.js';
import type { GitRunner } from './git-runner.js';

/** git's empty tree: what a repository without commits is compared with. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Changed and untracked files against `ref`, sorted by path. */
export async function listChangedFiles(
  git: GitRunner,
  ref: string,
  /** `countOnly`: open just this untracked file to count its lines (a request for one file's hunks needs no others). */
  opts: { ignoreWhitespace?: boolean | undefined; countOnly?: string | undefined } = {},
): Promise<DiffFile[]> {
  const ws = opts.ignoreWhitespace ? ['-w'] : [];
  const [numstat, nameStatus, untracked] = await Promise.all([
    git.run(['diff', ref, '--numstat', '-z', '-M', ...ws, '--']),
    git.run(['diff', ref, '--name-status', '-z', '-M', '--']),
    git.run(['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  const statuses = parseNameStatus(nameStatus);
  const files: DiffFile[] = [];
  for (const n of parseNumstat(numstat)) {
    const letter = statuses.get(n.path) ?? 'M';
    let status = statusOf(letter);
    if (n.binary && status !== 'deleted' && status !== 'renamed') status = 'binary';
    files.push({ path: n.path, ...(n.oldPath ? { oldPath: n.oldPath } : {}), status, binary: n.binary, added: n.added, removed: n.removed });
  }
  const others = untracked.split('\0').filter((p) => p && !p.endsWith('/'));
  for (const [i, p] of others.entries()) {
    // Past the cap an untracked file is listed without opening it: a generated tree nobody ignored stays cheap.
    const wanted = opts.countOnly === undefined ? i < Diff.UNTRACKED_COUNT_MAX_FILES : p === opts.countOnly;
    const counted = wanted ? await countUntracked(path.join(git.root, p)) : { binary: false, lines: 0 };
    files.push({ path: p, status: counted.binary ? 'binary' : 'untracked', binary: counted.binary, untracked: true, added: counted.lines, removed: 0 });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function statusOf(letter: string): DiffFileStatus {
  switch (letter[0]) {
    case 'A':
    case 'C':
      return 'added';
    case 'D':
      return 'deleted';
    case 'R':
      return 'renamed';
    default:
      return 'modified';
  }
}

interface Numstat {
  path: string;
  oldPath?: string;
  added: number;
  removed: number;
  binary: boolean;
}

/** `A\tD\tpath\0`, or for a rename `A\tD\t\0old\0new\0`; a binary file counts `-\t-`. */
export function parseNumstat(out: string): Numstat[] {
  const tokens = out.split('\0');
  const result: Numstat[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const m = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(tokens[i] as string);
    if (!m) continue;
    const binary = m[1] === '-';
    const counts = { added: binary ? 0 : Number(m[1]), removed: binary ? 0 : Number(m[2]), binary };
    if (m[3] === '') {
      result.push({ oldPath: tokens[i + 1] as string, path: tokens[i + 2] as string, ...counts });
      i += 2;
    } else result.push({ path: m[3] as string, ...counts });
  }
  return result;
}

/** `M\0path\0`, `R100\0old\0new\0`: the status letter of each (new) path. */
export function parseNameStatus(out: string): Map<string, string> {
  const tokens = out.split('\0');
  const result = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const letter = tokens[i] as string;
    if (!letter) continue;
    if (letter[0] === 'R' || letter[0] === 'C') {
      result.set(tokens[i + 2] as string, letter);
      i += 2;
    } else {
      result.set(tokens[i + 1] as string, letter);
      i += 1;
    }
  }
  return result;
}

/** Git's own test: a NUL in the first 8000 bytes makes a file binary. */
export function looksBinary(head: Buffer): boolean {
  return head.subarray(0, Diff.BINARY_SNIFF_BYTES).includes(0);
}

/** Lines of an untracked file (read up to Diff.UNTRACKED_READ_MAX_BYTES), or binary; a symlink is its one-line target, as git shows it. */
async function countUntracked(file: string): Promise<{ binary: boolean; lines: number }> {
  try {
    const st = await fs.lstat(file);
    if (st.isSymbolicLink()) return { binary: false, lines: 1 };
    if (!st.isFile()) return { binary: false, lines: 0 };
    const text = await readHead(file, Diff.UNTRACKED_READ_MAX_BYTES);
    if (looksBinary(text)) return { binary: true, lines: 0 };
    return { binary: false, lines: countLines(text) };
  } catch {
    // Gone between the listing and the read: nothing to count.
    return { binary: false, lines: 0 };
  }
}

export async function readHead(file: string, maxBytes: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buf, 0, maxBytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function countLines(buf: Buffer): number {
  if (buf.length === 0) return 0;
  let n = 0;
  for (const byte of buf) if (byte === 10) n++;
  return buf[buf.length - 1] === 10 ? n : n + 1;
}

/**
 * Changes whenever the working tree, the index or HEAD do: `git status` (cheap: git's stat cache), HEAD, and the size and
 * mtime of each file it lists (a changed file changed again keeps its status line).
 */
export async function repoFingerprint(git: GitRunner): Promise<string> {
  const [status, head] = await Promise.all([
    git.run(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']),
    git.run(['rev-parse', '-q', '--verify', 'HEAD']),
  ]);
  const hash = createHash('sha1').update(head).update('\0').update(status);
  const paths = status
    .split('\0')
    .filter((t) => t.length > 3)
    .map((t) => t.slice(3))
    .slice(0, Diff.FINGERPRINT_STAT_MAX_FILES);
  const stats = await Promise.all(paths.map((p) => fs.lstat(path.join(git.root, p)).then((s) => `${s.size}:${s.mtimeMs}`, () => '-')));
  hash.update(stats.join('\n'));
  return hash.digest('hex').slice(0, 16);
}
