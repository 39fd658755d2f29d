/** Scroll mode keys (a tmux copy-mode subset). */

export type ScrollAction =
  | { kind: 'by'; lines: number }
  | { kind: 'top' }
  | { kind: 'bottom' }
  | { kind: 'exit' }
  | { kind: 'search'; direction: 'up' | 'down' }
  /** Repeat the last search the same way (`n`) or the other way (`N`). */
  | { kind: 'next'; reverse: boolean }
  | { kind: 'none' };

export function scrollKey(name: string, pageRows: number): ScrollAction {
  const page = Math.max(1, pageRows - 1);
  const half = Math.max(1, Math.floor(pageRows / 2));
  switch (name) {
    case 'q':
    case 'Escape':
      return { kind: 'exit' };
    case 'PageUp':
    case 'C-b':
      return { kind: 'by', lines: page };
    case 'C-u':
      return { kind: 'by', lines: half };
    case 'PageDown':
    case 'C-f':
    case 'Space':
      return { kind: 'by', lines: -page };
    case 'C-d':
      return { kind: 'by', lines: -half };
    case 'Up':
    case 'k':
    case 'C-y':
      return { kind: 'by', lines: 1 };
    case 'Down':
    case 'j':
    case 'C-e':
      return { kind: 'by', lines: -1 };
    case 'g':
    case 'Home':
      return { kind: 'top' };
    case 'G':
    case 'End':
      return { kind: 'bottom' };
    case '/':
      return { kind: 'search', direction: 'up' };
    case '?':
      return { kind: 'search', direction: 'down' };
    case 'n':
      return { kind: 'next', reverse: false };
    case 'N':
      return { kind: 'next', reverse: true };
    default:
      return { kind: 'none' };
  }
}
