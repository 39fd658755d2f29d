/** One place that bridges @xterm/headless (CommonJS) and the serialize addon into typed ESM. */
import { createRequire } from 'node:module';
import type { Terminal as HeadlessTerminal, IBufferCell, IBufferLine, ITerminalOptions } from '@xterm/headless';
import type { SerializeAddon as SerializeAddonClass } from '@xterm/addon-serialize';

export type { HeadlessTerminal };

// Loaded with require: an ESM import of these CommonJS bundles pre-parses them for named exports, 63-72 ms of the
// daemon's start here against 14-19 ms.
const load = createRequire(import.meta.url);
const TerminalCtor = (load('@xterm/headless') as { Terminal: typeof HeadlessTerminal }).Terminal;
export const SerializeAddon = (load('@xterm/addon-serialize') as { SerializeAddon: typeof SerializeAddonClass }).SerializeAddon;
export type SerializeAddon = SerializeAddonClass;

/** A headless terminal with the serialize addon loaded. */
export function createHeadlessTerminal(opts: ITerminalOptions & { cols: number; rows: number }): {
  term: HeadlessTerminal;
  serializer: SerializeAddon;
} {
  const term = new TerminalCtor({ allowProposedApi: true, ...opts });
  const serializer = new SerializeAddon();
  // The addon is typed against @xterm/xterm's Terminal; the headless one has the same public surface it uses.
  term.loadAddon(serializer as unknown as Parameters<HeadlessTerminal['loadAddon']>[0]);
  return { term, serializer };
}

/**
 * xterm.js's list of a buffer's rows (its internal CircularList): the only internal this project reaches into. It is
 * where rows are trimmed off the top with no public event before they go (history-numbering.ts counts them; the
 * history store's trim capture serializes them just before). test/terminal/history/history-store.test.ts checks the
 * shape (and rowUsedLength's and cellAttrs') on every @xterm/headless upgrade, row-ansi.test.ts rowCells' words.
 */
export interface BufferLinesInternal {
  readonly length: number;
  readonly maxLength: number;
  /** The row itself (xterm's BufferLine): rowCells() reads its cells. */
  get(index: number): { isWrapped: boolean } | undefined;
  push(value: unknown): void;
  recycle(): unknown;
  splice(start: number, deleteCount: number, ...items: unknown[]): void;
  trimStart(count: number): void;
  shiftElements(start: number, count: number, offset: number): void;
  onTrim(listener: (amount: number) => void): { dispose(): void };
}

/**
 * Cells of a row up to its last one with content or a background (xterm's own BufferLine.getNoBgTrimmedLength, a
 * typed-array scan); undefined when the internal is not there (the caller scans the cells itself).
 */
export function rowUsedLength(line: IBufferLine): number | undefined {
  const inner = (line as unknown as { _line?: { getNoBgTrimmedLength?: () => number } })._line;
  return typeof inner?.getNoBgTrimmedLength === 'function' ? inner.getNoBgTrimmedLength() : undefined;
}

/**
 * A cell's packed attributes (xterm's CellData.fg/bg: colours, modes and flags): equal numbers mean equal styles, so a
 * row serializer builds an SGR only where they change. Undefined without the internal (then every cell is compared).
 */
export function cellAttrs(cell: IBufferCell): { fg: number; bg: number } | undefined {
  const c = cell as unknown as { fg?: unknown; bg?: unknown };
  return typeof c.fg === 'number' && typeof c.bg === 'number' ? (c as { fg: number; bg: number }) : undefined;
}

/**
 * A row's cells as xterm.js keeps them (its BufferLine): 3 words a cell (content: code point, combined flag, width;
 * fg and bg: colour mode and value, style flags), combined strings and extended attributes by column. Field names are
 * xterm's own, so a row from the row list is one of these as it is (no copy per row). xterm's bit layout is
 * src/common/buffer/Constants.ts; row-ansi.ts reads it, and its test compares that with the public cell API.
 */
export interface RowCells {
  readonly _data: Uint32Array;
  readonly _combined: Record<number, string>;
  readonly _extendedAttrs: Record<number, { readonly underlineStyle: number } | undefined>;
  readonly length: number;
  readonly isWrapped: boolean;
}

/** The cells of a row (an internal row from the row list, or a public IBufferLine); undefined without the internals. */
export function rowCells(line: unknown): RowCells | undefined {
  const row = (line as { _line?: unknown } | undefined)?._line ?? line;
  const r = row as Partial<RowCells> | undefined;
  if (!r || !(r._data instanceof Uint32Array) || typeof r.length !== 'number' || typeof r._combined !== 'object' || typeof r._extendedAttrs !== 'object') {
    return undefined;
  }
  return r as RowCells;
}

/**
 * Whether the rows of this row list are RowCells (checked on one row: they are all xterm's BufferLine), so a caller
 * reading every row that leaves the list can take them as such without rowCells' checks on each.
 */
export function listRowsAreCells(lines: BufferLinesInternal): boolean {
  return lines.length > 0 && rowCells(lines.get(0)) !== undefined;
}

/** The normal buffer's row list; undefined when this xterm.js does not have the expected shape. */
export function normalBufferLines(term: HeadlessTerminal): BufferLinesInternal | undefined {
  const lines = (term.buffer.normal as unknown as { _buffer?: { lines?: Partial<BufferLinesInternal> } })._buffer?.lines;
  if (!lines) return undefined;
  for (const method of ['push', 'recycle', 'splice', 'trimStart', 'shiftElements', 'onTrim'] as const) {
    if (typeof lines[method] !== 'function') return undefined;
  }
  return lines as BufferLinesInternal;
}
