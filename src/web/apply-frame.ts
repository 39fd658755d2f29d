/**
 * Turns a viewer-stream frame into what to write into the page's terminal (xterm.js). The page's terminal never has a
 * scroll region or the alternate screen of its own, so a scroll is line feeds at the bottom row (the lines go into its
 * scrollback), and each changed row is erased and drawn from the cursor at its start.
 */
import type { FrameMessage } from '../core/viewer-protocol.js';

export function frameToAnsi(frame: FrameMessage): string {
  let out = '\x1b[0m';
  if (frame.full) out += '\x1b[H\x1b[2J';
  else if (frame.scroll > 0) out += `\x1b[${frame.rows};1H` + '\n'.repeat(frame.scroll);
  for (const [row, ansi] of frame.lines) out += `\x1b[${row + 1};1H\x1b[2K${ansi}\x1b[0m`;
  const [x, y, visible] = frame.cursor;
  out += `\x1b[${y + 1};${x + 1}H` + (visible ? '\x1b[?25h' : '\x1b[?25l');
  return out;
}
