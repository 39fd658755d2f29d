/** Stored rows (history-store.ts) as the streams history readers want: ANSI a terminal replays, or logical text lines. */
import type { StoredRow } from './history-store.js';
import { rowText } from './row-ansi.js';

/**
 * Rows as ANSI for a terminal that prints them in order: a row ends with CRLF unless the next continues it (a soft
 * wrap: the receiver wraps there itself, as the row reaches the last column). Ends after the last row's CRLF, SGR reset (every row ends reset).
 */
export function storedAnsi(rows: readonly StoredRow[]): string {
  let out = '';
  for (let i = 0; i < rows.length; i++) {
    out += rows[i]!.ansi;
    // A continuation after a row that does not reach the last column cannot be rewrapped: it gets a line of its own.
    if (!(rows[i + 1]?.wrapped && rows[i]!.full)) out += '\r\n';
  }
  return out;
}

/**
 * A snapshot's prefix: the rows, then blank lines that push every one of them into the receiver's scrollback, then
 * cursor home, so what follows paints a blank screen exactly as it would a fresh terminal's (a snapshot's live part is
 * serialized for one, see serialize-sliced.ts).
 */
export function storedSnapshotPrefix(rows: readonly StoredRow[], screenRows: number): string {
  if (rows.length === 0) return '';
  return storedAnsi(rows) + '\r\n'.repeat(Math.max(0, screenRows - 1)) + '\x1b[H';
}

/** Rows as logical lines of plain text (soft-wrapped rows joined), trailing blanks trimmed. */
export function storedLines(rows: readonly StoredRow[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const continued = rows[i + 1]?.wrapped ?? false;
    const text = continued ? rowText(row.ansi) : rowText(row.ansi).trimEnd();
    if (row.wrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  return lines;
}
