/**
 * The one way to read an agent's history in pages: rows by stable number (history-numbering.ts), as ANSI (each row
 * self-contained: starts from default attributes, ends reset) or as plain text. Scroll mode, search and any other
 * reader page through this; a later compact history store only has to answer the same call.
 */
import { History } from '../core/constants.js';
import type { HistoryPage, HistoryReadOptions } from '../core/protocol.js';
import type { HistoryNumbering } from './history-numbering.js';
import type { HeadlessTerminal, SerializeAddon } from './xterm.js';

export interface HistorySource {
  term: HeadlessTerminal;
  serializer: SerializeAddon;
  numbering: HistoryNumbering;
  seq: number;
}

/**
 * Rows [fromLine, fromLine + count) clipped to what is held; without fromLine, the newest `count` rows. The caller
 * keeps the buffer unchanged while this runs (it is synchronous; a page is at most History.READ_MAX_LINES rows).
 */
export function readHistory(source: HistorySource, opts: HistoryReadOptions): HistoryPage {
  const { term, serializer, numbering } = source;
  // The normal buffer: the serializer reads ranges only there, and the alternate screen has no history anyway.
  const buffer = term.buffer.normal;
  const first = numbering.first;
  const end = first + buffer.length;
  const count = Math.max(0, Math.min(History.READ_MAX_LINES, Math.floor(opts.count)));
  const wanted = opts.fromLine ?? end - count;
  const from = Math.max(first, Math.min(end, wanted));
  const to = Math.min(end, from + count);
  const format = opts.format ?? 'ansi';
  const lines: string[] = [];
  const wrapped: boolean[] = [];
  for (let n = from; n < to; n++) {
    const y = n - first;
    const line = buffer.getLine(y);
    wrapped.push(line?.isWrapped ?? false);
    if (format === 'ansi') {
      // One row per call: the serializer starts each from default attributes, so every row stands alone.
      lines.push(serializer.serialize({ range: { start: y, end: y }, excludeModes: true, excludeAltBuffer: true }));
    } else if (buffer.getLine(y + 1)?.isWrapped) {
      // Continued on the next row: its trailing blanks are part of the line (a search may match across the wrap).
      lines.push(line?.translateToString(false) ?? '');
    } else lines.push(line?.translateToString(true).trimEnd() ?? '');
  }
  return { epoch: numbering.epoch, first, end, cols: term.cols, rows: term.rows, seq: source.seq, from, format, lines, wrapped };
}
