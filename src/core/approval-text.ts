/**
 * An approval request as text, the same for the TUI's queue and detail and `paseo permit`: list columns, and the
 * detail as styled lines (the command wrapped, never cut; each file's diff with old/new line numbers). Pure: the
 * TUI colours the styles with Ink, the CLI with chalk on a terminal. Agent text is sanitized here (sanitize.ts).
 */
import type { ApprovalDetail, ApprovalFileDiff, ApprovalInfo } from './protocol.js';
import { sanitizeLine, sanitizeLines } from './sanitize.js';

export type LineStyle = 'title' | 'label' | 'text' | 'file' | 'hunk' | 'add' | 'del' | 'context' | 'note';

export interface StyledLine {
  style: LineStyle;
  text: string;
}

/** "5s", "3m", "2h 5m": an age or a time left, short. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
}

/** One request's list columns. */
export function approvalColumns(a: ApprovalInfo, nowMs: number): { agent: string; provider: string; tool: string; summary: string; age: string; left: string } {
  const deadline = a.deadlineAt ? Date.parse(a.deadlineAt) : NaN;
  return {
    agent: sanitizeLine(a.agentTitle ?? a.agentId.slice(0, 8)),
    provider: sanitizeLine(a.provider ?? ''),
    tool: a.source === 'screen' ? 'screen' : sanitizeLine(a.tool),
    summary: sanitizeLine(a.summary ?? a.command ?? a.file ?? a.tool),
    age: shortDuration(nowMs - Date.parse(a.createdAt)),
    left: Number.isNaN(deadline) ? '-' : shortDuration(deadline - nowMs),
  };
}

/** Splits a line into pieces of at most `width` characters: wrapped, never cut. */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0 || text.length <= width) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out;
}

/** The whole detail as lines of at most `width` characters (long lines continue on the next, indented under their text). */
export function detailLines(d: ApprovalDetail, width: number): StyledLine[] {
  const out: StyledLine[] = [];
  const a = d.approval;
  const push = (style: LineStyle, text: string, indent = 0) => {
    const pieces = wrapText(text, Math.max(10, width - indent));
    pieces.forEach((p, i) => out.push({ style, text: i === 0 ? p : `${' '.repeat(indent)}${p}` }));
  };
  push('title', `${sanitizeLine(a.agentTitle ?? a.agentId)}${a.provider ? ` (${sanitizeLine(a.provider)})` : ''} · ${a.source === 'screen' ? 'asks on its screen' : sanitizeLine(a.tool)}`);
  push('text', d.summary);
  if (d.cwd !== undefined) push('label', `cwd: ${sanitizeLine(d.cwd)}`, 5);
  if (d.command !== undefined) {
    out.push({ style: 'label', text: 'command:' });
    for (const l of sanitizeLines(d.command)) push('text', `  ${l}`, 2);
  }
  if (d.screen?.length) {
    out.push({ style: 'label', text: 'its screen:' });
    for (const l of d.screen) push('text', `  ${sanitizeLines(l).join(' ')}`, 2);
  }
  for (const f of d.files) out.push(...fileLines(f, width));
  return out;
}

/** One file's diff: a header, then each hunk with old and new line numbers beside each line. */
export function fileLines(f: ApprovalFileDiff, width: number): StyledLine[] {
  const out: StyledLine[] = [{ style: 'file', text: `${f.status === 'added' ? 'new file' : f.status === 'deleted' ? 'deleted' : 'modified'}: ${f.path}` }];
  if (f.note) out.push({ style: 'note', text: f.note });
  const numWidth = Math.max(3, ...f.hunks.map((h) => String(Math.max(h.oldStart + h.oldLines, h.newStart + h.newLines)).length));
  const gutter = numWidth * 2 + 2;
  for (const h of f.hunks) {
    out.push({ style: 'hunk', text: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@` });
    let oldNo = h.oldStart;
    let newNo = h.newStart;
    for (const line of h.lines) {
      const mark = line[0];
      if (mark === '\\') continue;
      const text = sanitizeLines(line.slice(1)).join(' ');
      const style: LineStyle = mark === '+' ? 'add' : mark === '-' ? 'del' : 'context';
      const o = mark === '+' ? '' : String(oldNo++);
      const n = mark === '-' ? '' : String(newNo++);
      const prefix = `${o.padStart(numWidth)} ${n.padStart(numWidth)} ${mark === ' ' ? ' ' : mark}`;
      const pieces = wrapText(text, Math.max(10, width - gutter));
      pieces.forEach((p, i) => out.push({ style, text: i === 0 ? `${prefix}${p}` : `${' '.repeat(gutter)}${p}` }));
    }
  }
  return out;
}
