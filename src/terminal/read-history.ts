/**
 * The one way to read an agent's history in pages: rows by stable number (history-numbering.ts), as ANSI (each row
 * self-contained: starts from default attributes, ends reset) or as plain text. Scroll mode, search and any other
 * reader page through this. Rows older than the live buffer come from the history store (history/history-store.ts),
 * numbered on from it: the store ends where the live buffer's row 0 begins.
 */
import { History } from '../core/constants.js';
import type { HistoryPage, HistoryReadOptions } from '../core/protocol.js';
import type { HistoryNumbering } from './history-numbering.js';
import type { HeadlessTerminal } from './xterm.js';
import type { HistoryStore } from './history/history-store.js';
import { rowText, serializeRow } from './history/row-ansi.js';

export interface HistorySource {
  term: HeadlessTerminal;
  numbering: HistoryNumbering;
  seq: number;
  store?: HistoryStore;
}

/**
 * Rows [fromLine, fromLine + count) clipped to what is held; without fromLine, the newest `count` rows. The caller
 * keeps the buffer unchanged while this runs (it is synchronous; a page is at most History.READ_MAX_LINES rows).
 */
export function readHistory(source: HistorySource, opts: HistoryReadOptions): HistoryPage {
  const { term, numbering } = source;
  // The normal buffer: the alternate screen has no history.
  const buffer = term.buffer.normal;
  const liveFirst = numbering.first;
  const first = source.store && source.store.end === liveFirst ? source.store.first : liveFirst;
  const end = liveFirst + buffer.length;
  const count = Math.max(0, Math.min(History.READ_MAX_LINES, Math.floor(opts.count)));
  const wanted = opts.fromLine ?? end - count;
  const from = Math.max(first, Math.min(end, wanted));
  const to = Math.min(end, from + count);
  const format = opts.format ?? 'ansi';
  const lines: string[] = [];
  const wrapped: boolean[] = [];
  const cell = buffer.getNullCell();
  if (from < liveFirst && source.store) {
    const upto = Math.min(to, liveFirst);
    // One row more: whether it continues the page's last row.
    const stored = source.store.read(from, Math.min(upto + 1, liveFirst));
    for (let i = 0; i < upto - from; i++) {
      const row = stored[i]!;
      wrapped.push(row.wrapped);
      // A stored row's text keeps its trailing blanks only where the next row continues it, as a live row's does.
      const next = i + 1 < stored.length ? stored[i + 1]!.wrapped : (buffer.getLine(0)?.isWrapped ?? false);
      lines.push(format === 'ansi' ? row.ansi : next ? rowText(row.ansi) : rowText(row.ansi).trimEnd());
    }
  }
  for (let n = Math.max(from, liveFirst); n < to; n++) {
    const y = n - liveFirst;
    const line = buffer.getLine(y);
    wrapped.push(line?.isWrapped ?? false);
    if (format === 'ansi') {
      // As the row will be stored once it leaves the live buffer (row-ansi.ts: self-contained, a few µs a row where the
      // addon's range serialize costs ~20): a page reads the same either side of that boundary.
      const continued = y + 1 < buffer.length && (buffer.getLine(y + 1)?.isWrapped ?? false);
      lines.push(line ? serializeRow(line, line.length, cell, continued) : '');
    } else if (y + 1 < buffer.length && buffer.getLine(y + 1)?.isWrapped) {
      // Continued on the next row: its trailing blanks are part of the line (a search may match across the wrap).
      lines.push(line?.translateToString(false) ?? '');
    } else lines.push(line?.translateToString(true).trimEnd() ?? '');
  }
  return { epoch: numbering.epoch, first, end, cols: term.cols, rows: term.rows, seq: source.seq, from, format, lines, wrapped };
}
