/**
 * The diff view's state as plain data, and what it shows as lines: the file list and, for the selected file, a
 * document of hunk headers, diff lines and the "N more lines" marker, which the view scrolls through.
 */
import type { AgentDiff, DiffFile, FileDiff } from '../../core/diff-types.js';

export interface DiffModel {
  agentId: string;
  title: string;
  base: boolean;
  ignoreWhitespace: boolean;
  /** The file list (a page of it; `list.totalFiles` counts them all). */
  list: AgentDiff | undefined;
  selected: number;
  /** Hunks of the selected file, as loaded so far. */
  file: FileDiff | undefined;
  /** First document line in view. */
  top: number;
  error: string | undefined;
  loading: boolean;
}

export type DocLine =
  | { kind: 'hunk'; text: string }
  | { kind: 'context' | 'add' | 'del'; oldLine?: number; newLine?: number; text: string }
  /** `loadable`: the next page can be fetched; otherwise the lines lie past the daemon's cut (too large to show). */
  | { kind: 'more'; count: number; loadable: boolean }
  | { kind: 'note'; text: string };

export function initialModel(agentId: string, title: string): DiffModel {
  return { agentId, title, base: false, ignoreWhitespace: false, list: undefined, selected: 0, file: undefined, top: 0, error: undefined, loading: true };
}

export function selectedFile(m: DiffModel): DiffFile | undefined {
  return m.list?.files[m.selected];
}

/** The selected file as lines; `hunks` holds the index of each hunk header (for ] and [). */
export function documentOf(m: DiffModel): { lines: DocLine[]; hunks: number[] } {
  const file = selectedFile(m);
  const lines: DocLine[] = [];
  const hunks: number[] = [];
  if (!file) return { lines, hunks };
  if (file.binary) {
    lines.push({ kind: 'note', text: 'binary file, not shown' });
    return { lines, hunks };
  }
  const diff = m.file?.path === file.path ? m.file : undefined;
  if (!diff) {
    lines.push({ kind: 'note', text: 'loading…' });
    return { lines, hunks };
  }
  for (const h of diff.hunks) {
    hunks.push(lines.length);
    lines.push({ kind: 'hunk', text: h.header });
    for (const l of h.lines) lines.push(l);
  }
  if (diff.moreLines > 0) lines.push({ kind: 'more', count: diff.moreLines, loadable: diff.moreLines > (diff.unreadLines ?? 0) });
  if (lines.length === 0) lines.push({ kind: 'note', text: m.ignoreWhitespace ? 'only whitespace changed' : 'no changes in its content' });
  return { lines, hunks };
}
