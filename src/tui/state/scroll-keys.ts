/** Scroll mode keys (tmux copy-mode subset) and offset bounds over a mirror's scrollback. */
import type { Terminal } from '@xterm/headless';

export type ScrollAction = { kind: 'by'; lines: number } | { kind: 'exit' } | { kind: 'search' } | { kind: 'next' } | { kind: 'none' };

export function scrollKey(name: string, pageRows: number): ScrollAction {
  const page = Math.max(1, pageRows - 1);
  switch (name) {
    case 'q':
    case 'Escape':
      return { kind: 'exit' };
    case 'PageUp':
    case 'C-b':
    case 'C-u':
      return { kind: 'by', lines: page };
    case 'PageDown':
    case 'C-f':
    case 'C-d':
    case 'Space':
      return { kind: 'by', lines: -page };
    case 'Up':
    case 'k':
      return { kind: 'by', lines: 1 };
    case 'Down':
    case 'j':
      return { kind: 'by', lines: -1 };
    case 'g':
    case 'Home':
      return { kind: 'by', lines: Number.MAX_SAFE_INTEGER };
    case 'G':
    case 'End':
      return { kind: 'by', lines: -Number.MAX_SAFE_INTEGER };
    case '/':
    case '?':
      return { kind: 'search' };
    case 'n':
      return { kind: 'next' };
    default:
      return { kind: 'none' };
  }
}

/** How far up history goes: the lines above the live screen. */
export function scrollLimit(term: Terminal | undefined): number {
  return term ? term.buffer.active.baseY : 0;
}

export function scrollBy(offset: number, lines: number, term: Terminal | undefined): number {
  return Math.max(0, Math.min(scrollLimit(term), offset + lines));
}
