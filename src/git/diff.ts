/**
 * An agent's diff: the changed files against HEAD (default) or against the base, and one file's hunks on demand,
 * paged and cut with a count of the lines left out. Hunks come from `git diff` parsed by the `diff` package; an
 * untracked file is shown as added from (at most UNTRACKED_READ_MAX_BYTES of) its content; binary files are never read.
 */
import path from 'node:path';
import { parsePatch } from 'diff';
import { Diff } from '../core/constants.js';
import type { AgentDiff, DiffFile, DiffHunk, DiffLine, DiffOptions, FileDiff, GitStart } from '../core/diff-types.js';
import { PaseoError } from '../core/errors.js';
import type { GitRunner } from './git-runner.js';
import { EMPTY_TREE, listChangedFiles, looksBinary, readHead, repoFingerprint } from './changed-files.js';

export interface DiffBase {
  /** A commit (or the empty tree) the working tree is compared with. */
  ref: string;
  against: string;
}

/** HEAD, or for a repository without commits the empty tree. */
export async function headBase(git: GitRunner): Promise<DiffBase> {
  const head = (await git.run(['rev-parse', '-q', '--verify', 'HEAD^{commit}'])).trim();
  return head ? { ref: head, against: 'HEAD' } : { ref: EMPTY_TREE, against: 'nothing (no commits yet)' };
}

/**
 * The base: the merge-base of HEAD with the branch the agent started from (when it moved to another branch), with the
 * commit it started at (when it stayed: its own commits since), else with the default branch (origin/HEAD, main,
 * master). Falls back to HEAD when none is known.
 */
export async function resolveBase(git: GitRunner, start: GitStart | undefined): Promise<DiffBase> {
  const head = await headBase(git);
  if (head.ref === EMPTY_TREE) return head;
  const current = (await git.run(['symbolic-ref', '--short', '-q', 'HEAD'])).trim();
  const candidates: string[] = [];
  if (start?.branch && start.branch !== current) candidates.push(start.branch);
  if (start?.head) candidates.push(start.head);
  const originHead = (await git.run(['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'])).trim();
  if (originHead) candidates.push(originHead);
  candidates.push('main', 'master');
  for (const candidate of candidates) {
    const ref = (await git.run(['rev-parse', '-q', '--verify', `${candidate}^{commit}`])).trim();
    if (!ref) continue;
    const mergeBase = (await git.run(['merge-base', 'HEAD', ref])).trim();
    if (!mergeBase) continue;
    const name = candidate === start?.head ? `where it started` : candidate;
    return { ref: mergeBase, against: `merge-base of HEAD and ${name} (${mergeBase.slice(0, 7)})` };
  }
  return head;
}

/** The diff of the repository `git` runs in; `start` is where the agent started (for `base`). */
export async function readDiff(
  git: GitRunner,
  /** `maxDiffBytes`: the cap on one file's git diff (default Diff.FILE_DIFF_MAX_BYTES; tests make it small). */
  opts: DiffOptions & { start?: GitStart | undefined; maxDiffBytes?: number } = {},
): Promise<Omit<AgentDiff, 'agentId'>> {
  const base = opts.base ? await resolveBase(git, opts.start) : await headBase(git);
  const listing = { ignoreWhitespace: opts.ignoreWhitespace, countOnly: opts.file };
  const [all, fingerprint] = await Promise.all([listChangedFiles(git, base.ref, listing), repoFingerprint(git)]);
  const result: Omit<AgentDiff, 'agentId'> = {
    root: git.root,
    mode: opts.base ? 'base' : 'head',
    against: base.against,
    files: [],
    totalFiles: all.length,
    offset: 0,
    added: all.reduce((n, f) => n + f.added, 0),
    removed: all.reduce((n, f) => n + f.removed, 0),
    fingerprint,
  };
  if (opts.file !== undefined) {
    const file = all.find((f) => f.path === opts.file);
    if (!file) throw new PaseoError('not_found', `no change to ${opts.file} in ${git.root}`, { file: opts.file });
    result.files = [file];
    result.totalFiles = all.length;
    result.file = await fileDiff(git, base.ref, file, { ignoreWhitespace: opts.ignoreWhitespace, offset: opts.offset, limit: opts.limit, maxBytes: opts.maxDiffBytes });
    return result;
  }
  const offset = Math.max(0, opts.offset ?? 0);
  result.offset = offset;
  result.files = all.slice(offset, offset + (opts.limit ?? Diff.FILES_PAGE_MAX));
  return result;
}

/** One file's hunks against `ref`, lines [offset, offset+limit) of them; the rest counted in moreLines. */
export async function fileDiff(
  git: GitRunner,
  ref: string,
  file: DiffFile,
  opts: { ignoreWhitespace?: boolean | undefined; offset?: number | undefined; limit?: number | undefined; maxBytes?: number | undefined } = {},
): Promise<FileDiff> {
  const offset = Math.max(0, opts.offset ?? 0);
  const limit = Math.max(0, opts.limit ?? Diff.FILE_LINES_MAX);
  const empty: FileDiff = { path: file.path, status: file.status, binary: file.binary, hunks: [], moreLines: 0, offset };
  if (file.binary) return empty;
  let hunks: DiffHunk[];
  if (file.untracked) {
    const content = await readHead(path.join(git.root, file.path), Diff.UNTRACKED_READ_MAX_BYTES).catch(() => Buffer.alloc(0));
    if (looksBinary(content)) return { ...empty, binary: true };
    hunks = addedHunk(content.toString('utf8'));
  } else {
    const paths = file.oldPath ? [file.oldPath, file.path] : [file.path];
    const ws = opts.ignoreWhitespace ? ['-w'] : [];
    const read = await git.runCapped(['diff', ref, '-M', '-U3', '--no-color', '--no-ext-diff', ...ws, '--', ...paths], opts.maxBytes ?? Diff.FILE_DIFF_MAX_BYTES);
    hunks = parseHunks(read.truncated ? closeCutHunk(read.out) : read.out);
    if (read.truncated) {
      // Past the cap nothing was read: the changed lines left are what numstat counted less those shown.
      const shown = hunks.reduce((n, h) => n + h.lines.filter((l) => l.kind !== 'context').length, 0);
      const paged = pageHunks(hunks, offset, limit);
      const unreadLines = Math.max(0, file.added + file.removed - shown);
      return { ...empty, ...paged, moreLines: paged.moreLines + unreadLines, unreadLines };
    }
  }
  return { ...empty, ...pageHunks(hunks, offset, limit) };
}

/** Unified diff text → hunks with line numbers (the `diff` package parses it; "\ No newline" markers are dropped). */
export function parseHunks(patchText: string): DiffHunk[] {
  if (!patchText.trim()) return [];
  const hunks: DiffHunk[] = [];
  for (const patch of parsePatch(patchText)) {
    for (const h of patch.hunks) {
      let oldLine = h.oldStart;
      let newLine = h.newStart;
      const lines: DiffLine[] = [];
      for (const raw of h.lines) {
        const sign = raw[0];
        const text = raw.slice(1);
        if (sign === '+') lines.push({ kind: 'add', newLine: newLine++, text });
        else if (sign === '-') lines.push({ kind: 'del', oldLine: oldLine++, text });
        else if (sign === ' ') lines.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, text });
      }
      hunks.push({ header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, lines });
    }
  }
  return hunks;
}

/**
 * A diff cut at a byte cap ends inside a hunk: drop the partial last line and make the last hunk's header count the
 * lines it still has, so it parses as a whole (shorter) hunk.
 */
export function closeCutHunk(text: string): string {
  const body = text.slice(0, text.lastIndexOf('\n') + 1);
  const at = body.lastIndexOf('\n@@ ');
  if (at < 0) return '';
  const headerEnd = body.indexOf('\n', at + 1);
  const header = body.slice(at + 1, headerEnd);
  const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/.exec(header);
  if (!m) return body.slice(0, at + 1);
  let oldCount = 0;
  let newCount = 0;
  for (const line of body.slice(headerEnd + 1).split('\n')) {
    if (line[0] === ' ' || line[0] === '-') oldCount++;
    if (line[0] === ' ' || line[0] === '+') newCount++;
  }
  return `${body.slice(0, at + 1)}@@ -${m[1]},${oldCount} +${m[2]},${newCount} @@${m[3]}\n${body.slice(headerEnd + 1)}`;
}

function addedHunk(text: string): DiffHunk[] {
  if (!text) return [];
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const lines: DiffLine[] = body.split('\n').map((t, i) => ({ kind: 'add', newLine: i + 1, text: t }));
  return [{ header: `@@ -0,0 +1,${lines.length} @@`, lines }];
}

/** Keeps diff lines [offset, offset+limit) in their hunks; hunks with none left are dropped. */
export function pageHunks(hunks: DiffHunk[], offset: number, limit: number): { hunks: DiffHunk[]; moreLines: number } {
  const total = hunks.reduce((n, h) => n + h.lines.length, 0);
  const out: DiffHunk[] = [];
  let seen = 0;
  for (const h of hunks) {
    const from = Math.max(0, offset - seen);
    const to = Math.min(h.lines.length, offset + limit - seen);
    seen += h.lines.length;
    if (to > from) out.push({ header: h.header, lines: h.lines.slice(from, to) });
  }
  return { hunks: out, moreLines: Math.max(0, total - offset - limit) };
}

/** Where the repository at `git` stands now (recorded when an agent is created, for diffs against the base). */
export async function readGitStart(git: GitRunner): Promise<GitStart> {
  const [branch, head] = await Promise.all([git.run(['symbolic-ref', '--short', '-q', 'HEAD']), git.run(['rev-parse', '-q', '--verify', 'HEAD^{commit}'])]);
  return { ...(branch.trim() ? { branch: branch.trim() } : {}), ...(head.trim() ? { head: head.trim() } : {}) };
}
