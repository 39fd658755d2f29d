/**
 * Search through an agent's whole history, page by page (plain-text pages from HistoryPages), tmux copy-mode style:
 * smart case (case-insensitive unless the query has a capital), matches ordered by row then by position in the row,
 * and wrapping around the ends once. A match is (row, ordinal): the ordinal-th non-overlapping match in that row, which
 * the scroll view finds again in the cells it draws.
 */
import type { HistoryPages } from './history-pages.js';

export type SearchDirection = 'up' | 'down';

export interface Match {
  row: number;
  ordinal: number;
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

/**
 * The next match strictly beyond `from` in `direction` (from.ordinal may be -1 or Infinity to include the whole row),
 * wrapping around once; undefined when there is none anywhere. `isCurrent` says whether to stop early (the caller
 * started another search).
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
  const step = direction === 'up' ? -1 : 1;
  const total = info.end - info.first;
  let row = Math.max(info.first, Math.min(info.end - 1, from.row));
  let page: { from: number; lines: string[] } | undefined;
  // Every row once, then the starting row's other side.
  for (let visited = 0; visited <= total; visited++) {
    if (!isCurrent()) return undefined;
    if (!page || row < page.from || row >= page.from + page.lines.length) {
      page = await pages.textPage(row);
      if (!page) return undefined;
    }
    const found = matchIndexes(page.lines[row - page.from] ?? '', query);
    const wrapped = visited > 0 && (direction === 'up' ? row >= from.row : row <= from.row);
    let ordinal: number | undefined;
    if (visited === 0) {
      // The starting row: only matches beyond `from` on this pass.
      const beyond = found.map((_, i) => i).filter((i) => (direction === 'up' ? i < from.ordinal : i > from.ordinal));
      ordinal = direction === 'up' ? beyond.at(-1) : beyond[0];
    } else if (found.length > 0) {
      ordinal = direction === 'up' ? found.length - 1 : 0;
      if (visited === total) {
        // Back at the starting row from the other side: only what the first pass skipped.
        const skipped = found.map((_, i) => i).filter((i) => (direction === 'up' ? i >= from.ordinal : i <= from.ordinal));
        ordinal = direction === 'up' ? skipped.at(-1) : skipped[0];
      }
    }
    if (ordinal !== undefined) return { match: { row, ordinal }, wrapped };
    row += step;
    // The history's ends as they are now: it may have grown or been trimmed while pages were fetched.
    const now = pages.info ?? info;
    if (row < now.first) row = now.end - 1;
    else if (row >= now.end) row = now.first;
  }
  return undefined;
}
