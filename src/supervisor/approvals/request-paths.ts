/**
 * One way to name a request's files and say what it does, whatever CLI sent it: Claude sends absolute paths, the
 * others paths relative to the agent's cwd, and a Codex patch is a blob of text. Every request leaves here with its
 * files relative to the agent's cwd when inside it (absolute otherwise) and a one-line summary.
 */
import path from 'node:path';
import type { ApprovalRequestInput } from '../../core/adapter.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { parseCodexPatch } from './codex-patch.js';

const SUMMARY_MAX_CHARS = 200;

/** `p` as the queue names it: relative to `cwd` when inside it, absolute (resolved against `cwd`) otherwise. */
export function displayPath(p: string, cwd: string | undefined): string {
  if (!cwd) return path.normalize(p);
  const abs = path.resolve(cwd, p);
  const rel = path.relative(cwd, abs);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
}

/** The patch text of a Codex apply_patch call, whether its hook named the tool or it ran as a shell heredoc. */
export function patchText(input: ApprovalRequestInput): string | undefined {
  const raw = input.raw && typeof input.raw === 'object' ? (input.raw as Record<string, unknown>) : {};
  const candidates = [input.command, raw.command, raw.input, raw.patch];
  for (const c of candidates) if (typeof c === 'string' && c.includes('*** Begin Patch')) return c;
  return undefined;
}

/** The request with its file(s) normalised and its summary set. */
export function normalizeRequest(input: ApprovalRequestInput): ApprovalRequestInput {
  const cwd = input.cwd;
  const out: ApprovalRequestInput = { ...input };
  const patch = patchText(input);
  if (patch !== undefined) {
    const files = [...new Set(parseCodexPatch(patch).flatMap((op) => (op.op === 'update' && op.moveTo ? [op.path, op.moveTo] : [op.path])).map((f) => displayPath(f, cwd)))];
    if (files.length) {
      out.files = files;
      out.file = files[0]!;
    }
    out.summary = clip(`patch ${files.join(', ') || '(no files)'}`);
    return out;
  }
  if (input.file !== undefined) {
    out.file = displayPath(input.file, cwd);
    out.files = [out.file];
  }
  out.summary = clip(summaryOf(out));
  return out;
}

function summaryOf(r: ApprovalRequestInput): string {
  if (r.command !== undefined) return `$ ${r.command}`;
  if (r.file !== undefined) {
    const verb = r.oldText !== undefined || r.newText !== undefined ? 'edit' : r.content !== undefined ? 'write' : r.tool.toLowerCase();
    return `${verb} ${r.file}`;
  }
  return r.tool;
}

function clip(s: string): string {
  const line = sanitizeLine(s);
  return line.length > SUMMARY_MAX_CHARS ? `${line.slice(0, SUMMARY_MAX_CHARS - 1)}…` : line;
}
