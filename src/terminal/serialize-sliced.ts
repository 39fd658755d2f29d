/**
 * Serializes a headless terminal's normal buffer in pieces, so 10 000 lines of history (66–165 ms in one
 * go, perf.md §4) never block the daemon, and so pieces of settled history can be cached (history-cache.ts).
 * The concatenated pieces restore to the same cells as the buffer:
 * - the head is the window's first screenful (what a fresh receiver places without scrolling), serialized
 *   like the start of one whole `serialize()`;
 * - every later piece covers rows [start, end] (start not a soft-wrapped continuation, so the cut is never
 *   inside a logical line) and is self-contained given a receiver that scrolls: SGR reset, the SGR state the
 *   serializer assumed at `start`, CRLF, the rows. It is cut out of a serialize that starts a screenful and
 *   one row earlier, because the serializer models the receiver's scroll fill (background colour erase: a
 *   scrolled-in line takes the current background) only from its (rows+1)th row on; a piece serialized from
 *   its own first row got rows after a coloured row end wrong;
 * - the last piece is a normal `scrollback` serialize cut the same way, which adds the cursor, the alt buffer
 *   and the modes.
 * Each piece is sized from the cost measured for the previous one to fit a time budget; the event loop gets
 * a turn before a piece would overrun the budget. The caller must keep the buffer unchanged until the promise
 * settles.
 */
import { Snapshot } from '../core/constants.js';
import { PaseoError } from '../core/errors.js';
import type { HeadlessTerminal, SerializeAddon } from './xterm.js';
import type { HistoryCache } from './history-cache.js';
import { flatten } from './flat-string.js';

export interface SliceOptions {
  /** History lines above the screen to include; all when undefined. */
  scrollbackLines?: number;
  excludeModes?: boolean;
  /** Lines of the first uncached piece and of the last (the screen's) piece; later pieces are sized from the measured cost. */
  sliceLines?: number;
  /** Each piece is sized to take about this long (ms), measured as it goes, so a loaded machine gets smaller pieces. */
  sliceBudgetMs?: number;
  /** Histories up to this many lines are serialized in one synchronous call. */
  syncMaxLines?: number;
  /** Serialized settled history to reuse and extend; without it every row is serialized. */
  cache?: HistoryCache;
  /** Called between pieces that do not fit one budget together; defaults to one setImmediate turn. */
  yieldTurn?: () => Promise<void>;
  now?: () => number;
}

/**
 * Bounds on an adapted piece: at least some progress per turn, at most ~3 ms of work unloaded. The cost per line
 * varies 10× between pieces (JIT warm-up, GC, a busy machine), so a piece grows at most SLICE_GROWTH× per turn.
 */
const MIN_SLICE_LINES = 16;
const MAX_SLICE_LINES = 500;
const SLICE_GROWTH = 2;
const SGR_RESET = '\x1b[0m';
/** The serializer writes SGR as CSI digits/semicolons `m`; its other CSIs (CUF, ECH, CUU...) end in other letters. */
const SGR_SEQUENCE = /\x1b\[[0-9;]*m/g;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function serializeSliced(term: HeadlessTerminal, serializer: SerializeAddon, opts: SliceOptions = {}): Promise<string> {
  const buffer = term.buffer.normal;
  const rows = term.rows;
  const history = Math.max(0, buffer.length - rows);
  const wanted = Math.min(history, Math.max(0, opts.scrollbackLines ?? history));
  const firstLines = Math.max(1, opts.sliceLines ?? Snapshot.SERIALIZE_SLICE_LINES);
  const budgetMs = opts.sliceBudgetMs ?? Snapshot.SERIALIZE_SLICE_BUDGET_MS;
  const syncMax = opts.syncMaxLines ?? Snapshot.SYNC_SERIALIZE_MAX_LINES;
  const excludeModes = opts.excludeModes ?? false;
  const whole = (): string => serializer.serialize({ scrollback: wanted, excludeModes });
  if (wanted <= syncMax) return whole();

  const isWrapped = (y: number): boolean => buffer.getLine(y)?.isWrapped ?? false;
  /** The first history row at or after y that starts a logical line; `history` when there is none. */
  const lineStart = (y: number): number => {
    while (y < history && isWrapped(y)) y++;
    return y;
  };
  const first = history - wanted;
  // Rows before headEnd reach the receiver before it scrolls; every later piece assumes it scrolls.
  const headEnd = lineStart(first + rows);
  if (headEnd >= history) return whole();
  // The last piece: `tail` history lines + the screen, starting on a line that is not a continuation.
  let tail = Math.min(firstLines, wanted);
  while (tail < wanted && isWrapped(history - tail)) tail++;
  let tailStart = Math.max(history - tail, headEnd);

  const yieldTurn = opts.yieldTurn ?? nextTurn;
  const now = opts.now ?? (() => performance.now());
  let sinceYield = now();
  // A joined piece also serializes a screenful of overlap: the first one is about firstLines rows in all.
  let sliceLines = Math.max(MIN_SLICE_LINES, firstLines - (rows + 1));
  /**
   * Times one piece of `lines` rows (plus its screenful of overlap), sizes the next from its cost, and yields
   * unless another piece as costly still fits in half this turn's budget: small pieces (the head, the newest rows,
   * a block or two) share a turn, pieces sized to the budget get one each, as before there was a cache.
   */
  const timed = async (lines: number, make: () => void): Promise<void> => {
    const t0 = now();
    make();
    const ms = Math.max(now() - t0, 0.001);
    const msPerLine = ms / (lines + rows + 1);
    const fits = Math.min(budgetMs / msPerLine - (rows + 1), lines * SLICE_GROWTH, MAX_SLICE_LINES);
    sliceLines = Math.round(Math.max(MIN_SLICE_LINES, fits));
    if (now() - sinceYield + ms <= budgetMs / 2) return;
    await yieldTurn();
    sinceYield = now();
  };

  const parts: string[] = [];
  const cache = opts.cache;
  if (cache) await extendCache(term, serializer, cache, headEnd, () => sliceLines, timed);
  const cached = cache?.blocksFrom(headEnd);
  if (cached) tailStart = Math.max(tailStart, cached.end + 1);

  parts.push(flatten(serializer.serialize({ range: { start: first, end: headEnd - 1 }, excludeAltBuffer: true, excludeModes: true })));
  const uncached = async (from: number, to: number): Promise<void> => {
    let start = from;
    while (start < to) {
      let end = Math.min(start + sliceLines - 1, to - 1);
      // Never cut between a row and its soft-wrapped continuation: the join would turn it into a hard break.
      while (end < to - 1 && isWrapped(end + 1)) end++;
      const piece = { start, end };
      await timed(end - start + 1, () => parts.push(joinedPiece(term, serializer, piece.start, piece.end)));
      start = end + 1;
    }
  };
  if (cached) {
    await uncached(headEnd, cached.start);
    parts.push(...cached.data);
    await uncached(cached.end + 1, tailStart);
  } else {
    await uncached(headEnd, tailStart);
  }
  parts.push(joinedPiece(term, serializer, tailStart, history - 1, { excludeModes }));
  return parts.join('');
}

/**
 * Adds blocks of settled history to the cache, from where it ends (or from `from` when it holds nothing
 * useful) up to the newest row that has a history row after it: only rows this snapshot serializes anyway.
 */
async function extendCache(
  term: HeadlessTerminal,
  serializer: SerializeAddon,
  cache: HistoryCache,
  from: number,
  sliceLines: () => number,
  timed: (lines: number, make: () => void) => Promise<void>,
): Promise<void> {
  const buffer = term.buffer.normal;
  const history = buffer.length - term.rows;
  const isWrapped = (y: number): boolean => buffer.getLine(y)?.isWrapped ?? false;
  // Rows older than this are not worth caching for this window (or exceed what the cache keeps anyway).
  const floor = Math.max(from, history - cache.limits.maxLines);
  let range = cache.valid();
  if (range && range.end + 1 < floor) {
    cache.clear();
    range = undefined;
  }
  let next = range ? range.end + 1 : floor;
  while (next < history && isWrapped(next)) next++;
  let appended = true;
  while (appended && cache.canAppend) {
    // Sized like any piece (small while the serializer runs cold or the machine is busy), at most a block.
    let end = next + Math.min(sliceLines(), cache.limits.blockLines) - 1;
    while (end + 1 < history && isWrapped(end + 1)) end++;
    // A block ends on a row followed by settled history, so its last row can never become a continuation's head.
    if (end + 1 >= history) return;
    const start = next;
    await timed(end - start + 1, () => {
      appended = cache.append(start, end, joinedPiece(term, serializer, start, end));
    });
    next = end + 1;
  }
}

/**
 * Rows [start, end] as a self-contained piece for a receiver that scrolls (start ≥ rows, start not a
 * continuation): the serializer runs from a screenful and one row earlier, so its scroll-fill model is
 * already right at `start`, and that prefix's output is replaced by the SGR state it leaves. With `last`,
 * the piece runs to the end of the buffer and carries the cursor, the alt buffer and the modes.
 */
export function joinedPiece(
  term: HeadlessTerminal,
  serializer: SerializeAddon,
  start: number,
  end: number,
  last?: { excludeModes: boolean },
): string {
  const buffer = term.buffer.normal;
  const rows = term.rows;
  const from = start - Math.min(rows + 1, start);
  if (start - from < rows) throw new PaseoError('internal', 'a joined piece needs a screenful of rows above it', { start, rows });
  const out = last
    ? serializer.serialize({ scrollback: buffer.length - rows - from, excludeModes: last.excludeModes })
    : serializer.serialize({ range: { start: from, end }, excludeAltBuffer: true, excludeModes: true });
  // Each row of the prefix that is not continued on the next ends with CRLF (cells never hold CR or LF).
  let at = 0;
  for (let y = from; y < start; y++) {
    if (isWrappedRow(term, y + 1)) continue;
    const crlf = out.indexOf('\r\n', at);
    if (crlf < 0) throw new PaseoError('internal', 'serialized prefix has fewer line breaks than rows', { from, start });
    at = crlf + 2;
  }
  const prefix = out.slice(0, at - 2);
  // The receiver's SGR after the prefix: every SGR since the last full reset (the serializer writes 0 only alone).
  const reset = prefix.lastIndexOf(SGR_RESET);
  const state = (prefix.slice(reset < 0 ? 0 : reset + SGR_RESET.length).match(SGR_SEQUENCE) ?? []).join('');
  const body = out.slice(at);
  // From its (rows+1)th row on the serializer assumes the scrolled-in line has the current background; on the
  // (rows)th it still assumes the default one. Concatenated and flattened: no slice keeps `out` alive in the cache.
  const piece = start - from > rows ? `${SGR_RESET}${state}\r\n${body}` : `${SGR_RESET}\r\n${state}${body}`;
  return flatten(piece);
}

function isWrappedRow(term: HeadlessTerminal, y: number): boolean {
  return term.buffer.normal.getLine(y)?.isWrapped ?? false;
}
