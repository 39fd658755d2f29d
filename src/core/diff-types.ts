/** What `agent.diff` answers: the files an agent changed in its repository, and one file's hunks on demand. */

export type DiffFileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'binary' | 'untracked';

export interface DiffFile {
  /** Relative to the repository's top level, as git names it (the new name of a renamed file). */
  path: string;
  /** A renamed file's old name. */
  oldPath?: string;
  /** `binary` for an added or modified binary file (a deleted or renamed one keeps that status, with `binary` set). */
  status: DiffFileStatus;
  binary: boolean;
  /** Not known to git yet (status `untracked`, or `binary` for an untracked binary file). */
  untracked?: boolean;
  /** Lines added and removed; 0 and 0 for a binary file (never read). */
  added: number;
  removed: number;
}

export interface DiffLine {
  kind: 'context' | 'add' | 'del';
  /** Line number in the old file (context and removed lines). */
  oldLine?: number;
  /** Line number in the new file (context and added lines). */
  newLine?: number;
  text: string;
}

export interface DiffHunk {
  /** `@@ -a,b +c,d @@ section` as git wrote it. */
  header: string;
  lines: DiffLine[];
}

export interface DiffOptions {
  /** Against the base (merge-base with the branch the agent started from, or the default branch) instead of HEAD. */
  base?: boolean;
  ignoreWhitespace?: boolean;
  /** A file (its `path` from the list) whose hunks are wanted; offset/limit then page its lines instead of the list. */
  file?: string;
  offset?: number;
  limit?: number;
}

export interface FileDiff {
  path: string;
  status: DiffFileStatus;
  /** Binary files are never loaded: no hunks. */
  binary: boolean;
  hunks: DiffHunk[];
  /** Diff lines (hunk headers not counted) after the ones sent: the "N more lines" past the cut. */
  moreLines: number;
  /** Lines skipped before the first one sent (the page's offset). */
  offset: number;
  /**
   * git's diff of this file passed Diff.FILE_DIFF_MAX_BYTES and was cut there: of moreLines, this many changed lines
   * lie past the cut and cannot be paged to.
   */
  unreadLines?: number;
}

export interface AgentDiff {
  agentId: string;
  /** The repository's top level. */
  root: string;
  mode: 'head' | 'base';
  /** What the working tree is compared with, for people: `HEAD` or `merge-base of HEAD and main (1a2b3c4)`. */
  against: string;
  /** A page of the changed files, sorted by path. */
  files: DiffFile[];
  /** All changed files (the page is files[offset .. offset+files.length]). */
  totalFiles: number;
  offset: number;
  /** Lines added and removed over all changed files (with `file`, untracked files other than it count 0). */
  added: number;
  removed: number;
  /** Changes whenever the working tree, index or HEAD do; `agent.diffWait` takes it. */
  fingerprint: string;
  /** The hunks of `file`, when one was asked for. */
  file?: FileDiff;
}

/** `agent.diffWait`: resolves when the repository no longer matches `fingerprint` (debounced), or at the timeout. */
export interface DiffWaitResult {
  changed: boolean;
  fingerprint: string;
}

/** Where an agent's repository stood when it was created (for diffs against the base). */
export interface GitStart {
  /** The branch checked out, undefined on a detached HEAD. */
  branch?: string;
  head?: string;
}
