/**
 * Writes to an xterm.js terminal (headless or not) and parses now rather than on its next timer turn: its WriteBuffer
 * schedules every write with setTimeout(0) (>= 1 ms later, one extra wake-up per chunk). This takes the path xterm.js
 * itself takes for the write that follows user input (WriteBuffer.handleUserInput), which applies when nothing is
 * queued, as is the rule once every write goes this way; where that internal is missing (another xterm.js version) it
 * is a plain write. Long writes still yield after xterm's own time budget. Returns whether it was parsed before return.
 */
interface WriteBufferInternals {
  _core?: { _writeBuffer?: { handleUserInput?: () => void } };
}

export interface WritableTerminal {
  write(data: string | Uint8Array, callback?: () => void): void;
}

export function writeParsedNow(term: WritableTerminal, data: string, parsed: () => void): boolean {
  const buffer = (term as unknown as WriteBufferInternals)._core?._writeBuffer;
  if (typeof buffer?.handleUserInput === 'function') buffer.handleUserInput();
  let now = false;
  let returned = false;
  term.write(data, () => {
    if (!returned) now = true;
    parsed();
  });
  returned = true;
  return now;
}
