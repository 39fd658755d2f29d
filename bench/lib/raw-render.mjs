// Reference renderer from the research (perf.md §5 "raw"): for each changed pane, a cursor move plus a
// pre-rendered SGR line per row, no cell diff. The limit the compositor is compared with.
function fgKey(c) { return c.isFgDefault() ? 0 : c.isFgRGB() ? 0x2000000 | c.getFgColor() : 0x1000000 | c.getFgColor(); }
function bgKey(c) { return c.isBgDefault() ? 0 : c.isBgRGB() ? 0x2000000 | c.getBgColor() : 0x1000000 | c.getBgColor(); }
function flags(c) { return (c.isBold() ? 1 : 0) | (c.isDim() ? 2 : 0) | (c.isItalic() ? 4 : 0) | (c.isUnderline() ? 8 : 0) | (c.isInverse() ? 16 : 0); }
function sgr(fg, bg, fl) {
  let s = '\x1b[0';
  if (fl & 1) s += ';1'; if (fl & 2) s += ';2'; if (fl & 4) s += ';3'; if (fl & 8) s += ';4'; if (fl & 16) s += ';7';
  if (fg) s += fg & 0x2000000 ? `;38;2;${(fg >> 16) & 255};${(fg >> 8) & 255};${fg & 255}` : `;38;5;${fg & 255}`;
  if (bg) s += bg & 0x2000000 ? `;48;2;${(bg >> 16) & 255};${(bg >> 8) & 255};${bg & 255}` : `;48;5;${bg & 255}`;
  return s + 'm';
}
export function lineToAnsi(line, cols, cell) {
  let out = '', run = '', fg = 0, bg = 0, fl = 0, styled = false;
  for (let x = 0; x < cols; x++) {
    line.getCell(x, cell);
    if (cell.getWidth() === 0) continue;
    const f = fgKey(cell), b = bgKey(cell), l = flags(cell);
    if (f !== fg || b !== bg || l !== fl) {
      out += run; run = '';
      fg = f; bg = b; fl = l;
      if (f || b || l) { out += sgr(f, b, l); styled = true; } else if (styled) { out += '\x1b[0m'; styled = false; }
    }
    run += cell.getChars() || ' ';
  }
  out += run;
  if (styled) out += '\x1b[0m';
  return out;
}
/** panes: [{term, x, y, cols, rows, dirty}] → one string written per frame. */
export function rawFrame(panes, write) {
  let out = '\x1b[?2026h';
  for (const p of panes) {
    if (!p.dirty) continue;
    const buf = p.term.buffer.active, cell = buf.getNullCell();
    for (let r = 0; r < p.rows; r++) {
      const line = buf.getLine(buf.viewportY + r);
      out += `\x1b[${p.y + r + 1};${p.x + 1}H` + (line ? lineToAnsi(line, p.cols, cell) : '');
    }
  }
  write(out + '\x1b[?2026l');
}
