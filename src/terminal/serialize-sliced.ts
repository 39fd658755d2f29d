/**
 * Serializes a headless terminal's normal buffer in slices across event-loop turns, so 10 000
 * lines of history (66–165 ms in one go, perf.md §4) never block the daemon: each slice is sized
 * from the cost measured for the previous one to fit a time budget. The concatenated
 * slices restore to the same cells as one whole `serialize()`:
 * - each earlier slice is a `range` serialize (no cursor, no alt buffer, no modes) that ends on a
 *   row whose successor is not a soft-wrapped continuation, joined by SGR reset + CRLF, which is
 *   what a fresh serializer assumes it starts from;
 * - the last slice is a normal `scrollback` serialize (at least one history line, so it takes the
 *   same code path as the whole), which adds the cursor, the alt buffer and the modes.
 * The caller must keep the buffer unchanged until the promise settles.
 */
import { Snapshot } from '../core/constants.js';
import type { HeadlessTerminal, SerializeAddon } from './xterm.js';
import { flatten } from './flat-string.js';

export interface SliceOptions {
  /** History lines above the screen to include; all when undefined. */
  scrollbackLines?: number;
  excludeModes?: boolean;
  /** Lines of the first slice and of the last (the screen's) slice; later slices are sized from the measured cost. */
  sliceLines?: number;
  /** Each slice is sized to take about this long (ms), measured as it goes, so a loaded machine gets smaller slices. */
  sliceBudgetMs?: number;
  /** Histories up to this many lines are serialized in one synchronous call. */
  syncMaxLines?: number;
  /** Called between slices; defaults to one setImmediate turn. */
  yieldTurn?: () => Promise<void>;
  now?: () => number;
}

const SLICE_JOIN = '\x1b[0m\r\n';
/**
 * Bounds on an adapted slice: at least some progress per turn, at most ~3 ms of work unloaded. The cost per line
 * varies 10× between slices (JIT warm-up, GC, a busy machine), so a slice grows at most SLICE_GROWTH× per turn.
 */
const MIN_SLICE_LINES = 16;
const MAX_SLICE_LINES = 500;
const SLICE_GROWTH = 2;

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
  if (wanted <= syncMax) return serializer.serialize({ scrollback: wanted, excludeModes });

  const isWrapped = (y: number): boolean => buffer.getLine(y)?.isWrapped ?? false;
  // The last slice: `tail` history lines + the screen, starting on a line that is not a continuation.
  let tail = Math.min(firstLines, wanted);
  while (tail < wanted && isWrapped(buffer.length - rows - tail)) tail++;
  const tailStart = buffer.length - rows - tail;
  const first = buffer.length - rows - wanted;
  const yieldTurn = opts.yieldTurn ?? nextTurn;
  const now = opts.now ?? (() => performance.now());

  const parts: string[] = [];
  let start = first;
  let sliceLines = firstLines;
  while (start < tailStart) {
    let end = Math.min(start + sliceLines - 1, tailStart - 1);
    // Never cut between a row and its soft-wrapped continuation: the join would turn it into a hard break.
    while (end < tailStart - 1 && isWrapped(end + 1)) end++;
    const t0 = now();
    parts.push(flatten(serializer.serialize({ range: { start, end }, excludeAltBuffer: true, excludeModes: true })), SLICE_JOIN);
    const lines = end - start + 1;
    const msPerLine = Math.max(now() - t0, 0.001) / lines;
    const fits = Math.min(budgetMs / msPerLine, lines * SLICE_GROWTH, MAX_SLICE_LINES);
    sliceLines = Math.round(Math.max(MIN_SLICE_LINES, fits));
    start = end + 1;
    await yieldTurn();
  }
  parts.push(serializer.serialize({ scrollback: tail, excludeModes }));
  return parts.join('');
}
