/** Turns an @xterm/headless cell's attributes into SGR parameters, 16 colours as 30–37/90–97, 256 as 38;5, truecolor as 38;2. */
import type { IBufferCell } from '@xterm/headless';

// xterm.js colour modes (Attributes.CM_* in the xterm.js source).
const CM_P16 = 0x1000000;
const CM_P256 = 0x2000000;
const CM_RGB = 0x3000000;

function colorParams(mode: number, color: number, background: boolean): string {
  if (mode === CM_P16) {
    if (color < 8) return String((background ? 40 : 30) + color);
    return String((background ? 100 : 90) + color - 8);
  }
  if (mode === CM_P256) return `${background ? 48 : 38};5;${color}`;
  if (mode === CM_RGB) return `${background ? 48 : 38};2;${(color >> 16) & 255};${(color >> 8) & 255};${color & 255}`;
  return '';
}

/** SGR parameters (without ESC[ and m) for the cell; '' when it has default attributes. */
export function cellStyle(cell: IBufferCell): string {
  let s = '';
  const add = (p: string) => {
    s = s ? `${s};${p}` : p;
  };
  if (cell.isBold()) add('1');
  if (cell.isDim()) add('2');
  if (cell.isItalic()) add('3');
  if (cell.isUnderline()) add('4');
  if (cell.isBlink()) add('5');
  if (cell.isInverse()) add('7');
  if (cell.isInvisible()) add('8');
  if (cell.isStrikethrough()) add('9');
  const fg = colorParams(cell.getFgColorMode(), cell.getFgColor(), false);
  if (fg) add(fg);
  const bg = colorParams(cell.getBgColorMode(), cell.getBgColor(), true);
  if (bg) add(bg);
  return s;
}
