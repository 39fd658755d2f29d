/** What the stdin parser produces: keys with tmux-style names, whole bracketed pastes, decoded SGR mouse events. */

export type MouseAction = 'press' | 'release' | 'drag' | 'move' | 'wheel-up' | 'wheel-down';

export type InputToken =
  /** `name` is tmux-style ("C-b", "M-x", "Up", "PageDown", "Enter", "a"); `data` is the bytes the terminal sent. */
  | { kind: 'key'; name: string; data: string }
  /** Text between ESC[200~ and ESC[201~, markers removed; kept whole however the chunks were split. */
  | { kind: 'paste'; text: string }
  /** 0-based cell coordinates; `button` 0 left, 1 middle, 2 right. */
  | { kind: 'mouse'; action: MouseAction; button: number; x: number; y: number; data: string };
