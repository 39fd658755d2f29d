/** A screen-sized grid of cells: the text of each cell ('' for the right half of a wide character) and its SGR parameters ('' for default). */

export class CellGrid {
  readonly chars: string[];
  readonly styles: string[];

  constructor(
    readonly cols: number,
    readonly rows: number,
    from?: CellGrid,
  ) {
    if (from && from.cols === cols && from.rows === rows) {
      this.chars = from.chars.slice();
      this.styles = from.styles.slice();
    } else {
      this.chars = new Array<string>(cols * rows).fill(' ');
      this.styles = new Array<string>(cols * rows).fill('');
      if (from) for (let y = 0; y < Math.min(rows, from.rows); y++) for (let x = 0; x < Math.min(cols, from.cols); x++) this.set(x, y, from.charAt(x, y), from.styleAt(x, y));
    }
  }

  set(x: number, y: number, ch: string, style: string): void {
    if (x < 0 || y < 0 || x >= this.cols || y >= this.rows) return;
    const i = y * this.cols + x;
    this.chars[i] = ch;
    this.styles[i] = style;
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
