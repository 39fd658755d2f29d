/**
 * A screen-sized grid of cells: the text of each cell ('' for the right half of a wide character) and its SGR parameters ('' for default).
 *
 * Each row also records where its cells came from ("pieces"), so the frame diff can skip column ranges that provably hold
 * the same cells as in the previous frame without comparing them: a piece is [x0, x1, source, index] — columns x0..x1-1
 * were copied from an immutable source (a blit cache generation, or a grid used as a base) at `index`. Two rows with
 * the same piece geometry hold equal cells wherever every piece covering a column has the same source and index.
 * A direct set() makes the row unknown (null): it is compared cell by cell.
 */

let nextSourceId = 1;
let blankChars: string[] = [];
let blankStyles: string[] = [];

/** A fresh id for an immutable source of cells (see CellGrid pieces). */
export function newSourceId(): number {
  return nextSourceId++;
}

export class CellGrid {
  readonly chars: string[];
  readonly styles: string[];
  /** Per row: flat [x0, x1, source, index, …] in write order, or null when the row was written cell by cell. */
  readonly pieces: (number[] | null)[];
  /** Identifies this grid's cells when it is the base of another grid; it must not change after that. */
  readonly sourceId = newSourceId();

  constructor(
    readonly cols: number,
    readonly rows: number,
    from?: CellGrid,
    /** Cells to take over as they are (cols*rows each): fromCells. */
    cells?: { chars: string[]; styles: string[] },
  ) {
    if (cells) {
      this.chars = cells.chars;
      this.styles = cells.styles;
      // Where these cells came from is unknown: a diff against this grid compares them cell by cell.
      this.pieces = Array.from({ length: rows }, () => null);
    } else if (from && from.cols === cols && from.rows === rows) {
      this.chars = from.chars.slice();
      this.styles = from.styles.slice();
      this.pieces = Array.from({ length: rows }, (_, y) => [0, cols, from.sourceId, y]);
    } else {
      // Copying a blank template is a fast path in V8 (packed-array slice); a frame allocates one grid.
      if (blankChars.length !== cols * rows) {
        blankChars = new Array<string>(cols * rows).fill(' ');
        blankStyles = new Array<string>(cols * rows).fill('');
      }
      this.chars = blankChars.slice();
      this.styles = blankStyles.slice();
      this.pieces = Array.from({ length: rows }, () => []);
      if (from) for (let y = 0; y < Math.min(rows, from.rows); y++) for (let x = 0; x < Math.min(cols, from.cols); x++) this.set(x, y, from.charAt(x, y), from.styleAt(x, y));
    }
  }

  /** A grid holding exactly these cells (arrays of cols*rows, taken over, not copied): the chrome from its worker. */
  static fromCells(cols: number, rows: number, chars: string[], styles: string[]): CellGrid {
    const n = cols * rows;
    if (chars.length !== n || styles.length !== n) return new CellGrid(cols, rows);
    return new CellGrid(cols, rows, undefined, { chars, styles });
  }

  /**
   * Makes this grid blank again (or a copy of `from`, same size), for reuse as the next frame instead of allocating
   * one: a 200x60 frame is two 12k-element arrays, 30 times a second.
   */
  reset(from?: CellGrid): void {
    const base = from && from.cols === this.cols && from.rows === this.rows ? from : undefined;
    const n = this.cols * this.rows;
    if (!base && blankChars.length !== n) {
      blankChars = new Array<string>(n).fill(' ');
      blankStyles = new Array<string>(n).fill('');
    }
    const srcChars = base ? base.chars : blankChars;
    const srcStyles = base ? base.styles : blankStyles;
    const { chars, styles } = this;
    for (let i = 0; i < n; i++) {
      chars[i] = srcChars[i] as string;
      styles[i] = srcStyles[i] as string;
    }
    for (let y = 0; y < this.rows; y++) this.pieces[y] = base ? [0, this.cols, base.sourceId, y] : [];
  }

  set(x: number, y: number, ch: string, style: string): void {
    if (x < 0 || y < 0 || x >= this.cols || y >= this.rows) return;
    const i = y * this.cols + x;
    this.chars[i] = ch;
    this.styles[i] = style;
    this.pieces[y] = null;
  }

  /** Records that row y's columns x0..x1-1 now hold cells copied from `source` at `index` (see pieces). */
  addPiece(y: number, x0: number, x1: number, source: number, index: number): void {
    const row = this.pieces[y];
    if (row) row.push(x0, x1, source, index);
  }

  charAt(x: number, y: number): string {
    return this.chars[y * this.cols + x] ?? ' ';
  }

  styleAt(x: number, y: number): string {
    return this.styles[y * this.cols + x] ?? '';
  }

  /** Writes plain text left to right (one cell per code point; for chrome labels and tests). */
  text(x: number, y: number, text: string, style = ''): void {
    let cx = x;
    for (const ch of text) this.set(cx++, y, ch, style);
  }

  /** Row y as plain text, continuation cells skipped. */
  rowText(y: number): string {
    let out = '';
    for (let x = 0; x < this.cols; x++) out += this.chars[y * this.cols + x] ?? '';
    return out;
  }
}
