/**
 * Search through an agent's whole history, page by page (plain-text pages from HistoryPages), tmux copy-mode style:
 * smart case (case-insensitive unless the query has a capital), a line the terminal soft-wrapped searched as one, matches
 * ordered by where they start, wrapping around the ends once. A match is the row it starts on and the index of its first
 * character in that row's text; the scroll view finds it again in the cells it draws.
 */
import type { HistoryPages } from './history-pages.js';

export type SearchDirection = 'up' | 'down';

export interface Match {
  row: number;
  /** Index in the row's text of the match's first character (-Infinity / Infinity: before / after the whole row). */
  col: number;
}

export function caseSensitive(query: string): boolean {
  return query !== query.toLowerCase();
}

/** Start indexes of the non-overlapping matches of `query` in `text`. */
export function matchIndexes(text: string, query: string): number[] {
  if (!query) return [];
  const sensitive = caseSensitive(query);
  const hay = sensitive ? text : text.toLowerCase();
  const needle = sensitive ? query : query.toLowerCase();
  const out: number[] = [];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) out.push(at);
  return out;
}

/** Rows start..end (inclusive) that the terminal wrapped from one line, its text, and where each row starts in it. */
interface LogicalLine {
  start: number;
  end: number;
  text: string;
  offsets: number[];
}

type TextPage = { from: number; lines: string[]; wrapped: boolean[] };

/** Reads text rows through HistoryPages, keeping the pages one search already fetched. */
class RowReader {
  private readonly held = new Map<number, TextPage>();
  /** The page the previous row came from: a search walks rows in order, so it almost always holds the next one. */
  private last: TextPage | undefined;
  constructor(private readonly pages: HistoryPages) {}

  async row(n: number): Promise<{ text: string; wrapped: boolean } | undefined> {
    if (this.last && holds(this.last, n)) return at(this.last, n);
    for (const page of this.held.values()) {
      if (!holds(page, n)) continue;
      this.last = page;
      return at(page, n);
    }
    const page = await this.pages.textPage(n);
    if (!page || !holds(page, n)) return undefined;
    this.held.set(page.from, page);
    this.last = page;
    return at(page, n);
  }

  async line(n: number, first: number, end: number): Promise<LogicalLine | undefined> {
    let start = n;
    let row = await this.row(start);
    if (!row) return undefined;
    while (row.wrapped && start > first) {
      const above = await this.row(start - 1);
      if (!above) break;
      start--;
      row = above;
    }
    let text = '';
    const offsets: number[] = [];
    let last = start;
    for (let r = start; r < end; r++) {
      const cur = r === start ? row : await this.row(r);
      if (!cur || (r > start && !cur.wrapped)) break;
      offsets.push(text.length);
      text += cur.text;
      last = r;
    }
    return { start, end: last, text, offsets };
  }
}

function holds(page: TextPage, n: number): boolean {
  return n >= page.from && n < page.from + page.lines.length;
}

function at(page: TextPage, n: number): { text: string; wrapped: boolean } {
  return { text: page.lines[n - page.from] ?? '', wrapped: page.wrapped[n - page.from] ?? false };
}

function compare(a: Match, b: Match): number {
  return a.row - b.row || a.col - b.col;
}

/** The matches of a logical line as positions (row, index in the row). */
function matchesIn(line: LogicalLine, query: string): Match[] {
  return matchIndexes(line.text, query).map((i) => {
    let k = line.offsets.length - 1;
    while (k > 0 && (line.offsets[k] as number) > i) k--;
    return { row: line.start + k, col: i - (line.offsets[k] as number) };
  });
}

/**
 * The next match strictly beyond `from` in `direction`, wrapping around once (back at the start, `from` itself counts);
 * undefined when there is none anywhere. `isCurrent` says whether to go on (false: the caller started another search).
 */
export async function findMatch(
  pages: HistoryPages,
  query: string,
  from: Match,
  direction: SearchDirection,
  isCurrent: () => boolean = () => true,
): Promise<{ match: Match; wrapped: boolean } | undefined> {
  const info = pages.info;
  if (!info || !query) return undefined;
  const reader = new RowReader(pages);
  const up = direction === 'up';
  let line = await reader.line(Math.max(info.first, Math.min(info.end - 1, from.row)), info.first, info.end);
  let rows = 0;
  let wrapped = false;
  const total = info.end - info.first;
  for (let pass = 0; line && rows <= total + (line.end - line.start + 1); pass++) {
    if (!isCurrent()) return undefined;
    const found = matchesIn(line, query);
    let candidates = found;
    if (pass === 0) candidates = found.filter((m) => (up ? compare(m, from) < 0 : compare(m, from) > 0));
    else if (line.start <= from.row && from.row <= line.end && wrapped) candidates = found.filter((m) => (up ? compare(m, from) >= 0 : compare(m, from) <= 0));
    const pick = up ? candidates.at(-1) : candidates[0];
    if (pick) return { match: pick, wrapped };
    rows += line.end - line.start + 1;
    // The history's ends as they are now: it may have grown or been trimmed while pages were fetched.
    const now = pages.info ?? info;
    let next = up ? line.start - 1 : line.end + 1;
    if (next < now.first || next >= now.end) {
      next = up ? now.end - 1 : now.first;
      wrapped = true;
    }
    line = await reader.line(next, now.first, now.end);
  }
  return undefined;
}
