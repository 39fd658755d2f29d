/**
 * A request's detail as the queue shows it: a shell command with its cwd, or for a file edit the unified diff of
 * the file as it is on disk against what it would be after the edit (Claude Edit / MultiEdit / Write, Codex
 * apply_patch, Gemini replace / write_file, OpenCode edit / write). Diffs come from jsdiff; nothing here runs the edit.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { structuredPatch } from 'diff';
import { Approval } from '../../core/constants.js';
import type { ApprovalDetail, ApprovalFileDiff, ApprovalInfo } from '../../core/protocol.js';
import { sanitizeText } from '../../core/sanitize.js';
import { applyUpdate, parseCodexPatch, type PatchOp } from './codex-patch.js';
import { displayPath, patchText } from './request-paths.js';

/** The file's text, or undefined when it does not exist; throws when it cannot be read (too big, a directory…). */
export type ReadText = (absPath: string) => Promise<string | undefined>;

export async function readTextFile(absPath: string): Promise<string | undefined> {
  let stat;
  try {
    stat = await fs.stat(absPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!stat.isFile()) throw new Error('not a regular file');
  if (stat.size > Approval.DETAIL_MAX_FILE_BYTES) throw new Error(`${stat.size} bytes: too big to diff`);
  return fs.readFile(absPath, 'utf8');
}

type Edit = { oldText: string; newText: string; all: boolean };

export async function requestDetail(approval: ApprovalInfo, readText: ReadText = readTextFile): Promise<ApprovalDetail> {
  const cwd = approval.cwd;
  const detail: ApprovalDetail = {
    approval,
    summary: approval.summary ?? approval.tool,
    ...(cwd !== undefined ? { cwd: sanitizeText(cwd) } : {}),
    files: [],
    ...(approval.screen ? { screen: approval.screen.map(sanitizeText) } : {}),
  };
  const abs = (p: string) => (cwd ? path.resolve(cwd, p) : path.resolve(p));
  const read = async (p: string): Promise<{ text?: string; note?: string }> => {
    try {
      const text = await readText(abs(p));
      return text === undefined ? {} : { text };
    } catch (err) {
      return { note: `cannot read ${p} (${err instanceof Error ? err.message : String(err)})` };
    }
  };
  const patch = patchText(approval);
  if (patch !== undefined) {
    for (const op of parseCodexPatch(patch)) detail.files.push(await patchFileDiff(op, cwd, read));
    return detail;
  }
  if (approval.file === undefined) {
    if (approval.command !== undefined) detail.command = sanitizeText(approval.command);
    return detail;
  }
  const file = displayPath(approval.file, cwd);
  const before = await read(file);
  const edits = editsOf(approval);
  if (edits) {
    detail.files.push(editDiff(file, before, edits));
    return detail;
  }
  if (approval.content !== undefined) {
    detail.files.push(fileDiff(file, before.text, approval.content, before.note));
    return detail;
  }
  if (approval.command !== undefined) detail.command = sanitizeText(approval.command);
  return detail;
}

/** The edits of an Edit-like call: MultiEdit's list from the raw input, else old → new (replace_all / replaceAll). */
function editsOf(a: ApprovalInfo): Edit[] | undefined {
  const raw = a.raw && typeof a.raw === 'object' ? (a.raw as Record<string, unknown>) : {};
  const input = raw.input && typeof raw.input === 'object' ? (raw.input as Record<string, unknown>) : raw;
  if (Array.isArray(input.edits)) {
    return input.edits.map((e: Record<string, unknown>) => ({
      oldText: typeof e.old_string === 'string' ? e.old_string : '',
      newText: typeof e.new_string === 'string' ? e.new_string : '',
      all: e.replace_all === true,
    }));
  }
  if (a.oldText === undefined && a.newText === undefined) return undefined;
  return [{ oldText: a.oldText ?? '', newText: a.newText ?? '', all: input.replace_all === true || input.replaceAll === true }];
}

function editDiff(file: string, before: { text?: string; note?: string }, edits: Edit[]): ApprovalFileDiff {
  if (before.text === undefined) {
    // Claude creates a file with an Edit whose old text is empty.
    if (edits.length === 1 && edits[0]!.oldText === '') return fileDiff(file, undefined, edits[0]!.newText, before.note);
    return fallback(file, edits, before.note ?? `${file} does not exist: the edit's own text is shown`);
  }
  let text = before.text;
  for (const e of edits) {
    if (e.oldText === '' || !text.includes(e.oldText)) return fallback(file, edits, `the text to replace is not in ${file} on disk: the edit's own text is shown`);
    text = e.all ? text.split(e.oldText).join(e.newText) : text.replace(e.oldText, () => e.newText);
  }
  return fileDiff(file, before.text, text);
}

/** The edit's old text against its new text, when the file on disk cannot show where it lands. */
function fallback(file: string, edits: Edit[], note: string): ApprovalFileDiff {
  const join = (k: 'oldText' | 'newText') => edits.map((e) => withNewline(e[k])).join('');
  return { ...fileDiff(file, join('oldText'), join('newText')), status: 'modified', note };
}

async function patchFileDiff(op: PatchOp, cwd: string | undefined, read: (p: string) => Promise<{ text?: string; note?: string }>): Promise<ApprovalFileDiff> {
  const file = displayPath(op.path, cwd);
  if (op.op === 'add') return fileDiff(file, undefined, op.content);
  const before = await read(file);
  if (op.op === 'delete') return { ...fileDiff(file, before.text ?? '', ''), status: 'deleted', ...(before.note ? { note: before.note } : {}) };
  const name = op.moveTo ? `${file} → ${displayPath(op.moveTo, cwd)}` : file;
  const after = before.text !== undefined ? applyUpdate(before.text, op.chunks) : undefined;
  if (after !== undefined) return { ...fileDiff(name, before.text, after), status: 'modified' };
  const edits = op.chunks.map((c) => ({ oldText: c.oldLines.join('\n'), newText: c.newLines.join('\n'), all: false }));
  return fallback(name, edits, before.note ?? (before.text === undefined ? `${file} does not exist: the patch's own lines are shown` : `the patch's context is not in ${file} on disk: its own lines are shown`));
}

/** Disk (undefined: no file) against after; a missing file shows as added. */
export function fileDiff(file: string, before: string | undefined, after: string, note?: string): ApprovalFileDiff {
  const p = structuredPatch(file, file, sanitizeText(before ?? ''), sanitizeText(after), undefined, undefined, { context: Approval.DETAIL_CONTEXT_LINES });
  return {
    path: sanitizeText(file),
    status: before === undefined ? 'added' : 'modified',
    // jsdiff numbers an empty side from 1; unified diffs (git) name the line before it, 0 for an empty file.
    hunks: p.hunks.map((h) => ({
      oldStart: h.oldLines === 0 ? h.oldStart - 1 : h.oldStart,
      oldLines: h.oldLines,
      newStart: h.newLines === 0 ? h.newStart - 1 : h.newStart,
      newLines: h.newLines,
      lines: h.lines,
    })),
    ...(note ? { note } : {}),
  };
}

function withNewline(s: string): string {
  return s === '' || s.endsWith('\n') ? s : `${s}\n`;
}
