/**
 * A terminal's visible screen as a row-numbered text frame (`00│...│`), for golden files under
 * snapshots/. Cells are placed by width, so wide characters keep the right border aligned.
 */
import type { HeadlessTerminal } from './xterm.js';

export function renderFrame(term: HeadlessTerminal, opts: { footer?: boolean } = {}): string {
  const buffer = term.buffer.active;
  const digits = String(Math.max(0, term.rows - 1)).length < 2 ? 2 : String(term.rows - 1).length;
  const out: string[] = [];
  const cell = buffer.getNullCell();
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.baseY + y);
    let row = '';
    for (let x = 0; x < term.cols; x++) {
      const c = line?.getCell(x, cell);
      if (!c) {
        row += ' ';
        continue;
      }
      const width = c.getWidth();
      if (width === 0) continue; // the right half of a wide char
      row += c.getChars() || ' '.repeat(width);
    }
    out.push(`${String(y).padStart(digits, '0')}│${row}│`);
  }
  if (opts.footer ?? true) {
    out.push(`cursor ${buffer.cursorX},${buffer.cursorY} · ${buffer.type} · ${term.cols}x${term.rows}`);
  }
  return out.join('\n') + '\n';
}
