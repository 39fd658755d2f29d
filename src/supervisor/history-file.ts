/**
 * agents/<id>.history: an agent's history store rows on disk, appended to by each save (the live part goes to
 * <id>.screen), so a save writes only what scrolled out since the last one. Text, one row a line:
 *   paseo-history 1 <number of the first row>
 *   <flags digit><row ANSI>      flags: 1 = continues the row before (soft wrap), 2 = its last cell is written
 * A row's ANSI never holds a line feed (cells hold no control characters). A line cut short by a crash mid-append is
 * dropped; rows past the saved screen's historyEnd (appended by a save whose .screen never landed) are too.
 */
import type { StoredRow } from '../terminal/types.js';

const MAGIC = 'paseo-history 1 ';

export function historyHeader(first: number): string {
  return `${MAGIC}${first}\n`;
}

export function historyLines(rows: readonly StoredRow[]): string {
  let out = '';
  for (const r of rows) out += `${(r.wrapped ? 1 : 0) | (r.full ? 2 : 0)}${r.ansi}\n`;
  return out;
}

/** Rows with numbers in [.., end) (all when end is undefined), at most the newest maxRows. Throws on a file that is not one. */
export function parseHistoryFile(text: string, end: number | undefined, maxRows: number): { first: number; rows: StoredRow[] } {
  const nl = text.indexOf('\n');
  if (!text.startsWith(MAGIC) || nl < 0) throw new Error('not a paseo history file');
  const first = Number(text.slice(MAGIC.length, nl));
  if (!Number.isSafeInteger(first) || first < 0) throw new Error('bad first row number');
  // The last line counts only when its newline made it to disk.
  const lines = text.slice(nl + 1).split('\n');
  lines.pop();
  const count = Math.min(lines.length, end === undefined ? lines.length : Math.max(0, end - first));
  const from = Math.max(0, count - maxRows);
  const rows: StoredRow[] = [];
  for (let i = from; i < count; i++) {
    const line = lines[i]!;
    const flags = line.charCodeAt(0) - 48;
    if (!(flags >= 0 && flags <= 3)) throw new Error(`bad row ${first + i}`);
    rows.push({ ansi: line.slice(1), wrapped: (flags & 1) !== 0, full: (flags & 2) !== 0 });
  }
  return { first: first + from, rows };
}
