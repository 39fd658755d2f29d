/** What the key bar sends: the bytes a terminal would for each key, with a sticky Ctrl and the screen's cursor-key mode. */
export type BarKey = 'Esc' | 'Tab' | 'S-Tab' | 'Up' | 'Down' | 'Left' | 'Right' | 'Enter' | 'C-c' | 'y' | 'n';

const ARROWS: Record<string, string> = { Up: 'A', Down: 'B', Right: 'C', Left: 'D' };

export function keyBytes(key: BarKey, opts: { ctrl: boolean; appCursor: boolean }): string {
  const arrow = ARROWS[key];
  if (arrow) {
    if (opts.ctrl) return `\x1b[1;5${arrow}`;
    return opts.appCursor ? `\x1bO${arrow}` : `\x1b[${arrow}`;
  }
  switch (key) {
    case 'Esc':
      return '\x1b';
    case 'Tab':
      return '\t';
    case 'S-Tab':
      return '\x1b[Z';
    case 'Enter':
      return '\r';
    case 'C-c':
      return '\x03';
    default:
      // y / n: with Ctrl, the control character (^Y, ^N).
      return opts.ctrl ? String.fromCharCode(key.charCodeAt(0) & 0x1f) : key;
  }
}

/** Ctrl applied to a typed character (sticky Ctrl, then a letter in the text box). */
export function ctrlChar(ch: string): string {
  const c = ch.toLowerCase().charCodeAt(0);
  return c >= 97 && c <= 122 ? String.fromCharCode(c & 0x1f) : ch;
}
