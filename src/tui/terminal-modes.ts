/** Entering and leaving full-screen mode on the user's terminal; leaving resets every mode anything might have set. */

const MOUSE_ON = '\x1b[?1000h\x1b[?1002h\x1b[?1006h';

export function enterSequence(mouse: boolean): string {
  // Alternate screen, hide cursor, no autowrap (the last column must never scroll), bracketed paste.
  return `\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[?2004h${mouse ? MOUSE_ON : ''}\x1b[0m\x1b[H\x1b[2J`;
}

/** The screen modes again, without leaving or clearing the alternate screen: for a redraw after something else wrote. */
export function reassertModes(mouse: boolean): string {
  return `\x1b[?25l\x1b[?7l\x1b[?2004h${mouse ? MOUSE_ON : ''}\x1b[0m`;
}

/** Safe to send any number of times, from any state (crash, signal, detach). */
export const RESTORE_SEQUENCE =
  '\x1b[?2026l' + // end a synchronized frame cut short
  '\x1b[0m' +
  '\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1005l\x1b[?1006l\x1b[?1015l' + // mouse
  '\x1b[?2004l' + // bracketed paste
  '\x1b[?1004l' + // focus events
  '\x1b[<u' + // pop kitty keyboard flags (ignored by terminals without it)
  '\x1b[?1l\x1b>' + // normal cursor keys and keypad
  '\x1b[?7h' + // autowrap back on
  '\x1b[?25h' + // cursor shown
  '\x1b[?1049l'; // back to the normal screen
