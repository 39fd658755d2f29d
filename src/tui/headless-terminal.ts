/**
 * The TUI's bridge to @xterm/headless, loaded on first use rather than at import: the TUI draws its first frame (plain
 * chrome, no pane yet) before any terminal exists, so the ~30 ms of loading xterm.js is not on the way to it.
 * It is a CommonJS package, so a synchronous require gives the same class under Node and under vitest.
 */
import { createRequire } from 'node:module';
import type { ITerminalInitOnlyOptions, ITerminalOptions, Terminal as HeadlessTerminal } from '@xterm/headless';

export type Terminal = HeadlessTerminal;

let ctor: typeof HeadlessTerminal | undefined;

export function createTerminal(options: ITerminalOptions & ITerminalInitOnlyOptions): Terminal {
  ctor ??= (createRequire(import.meta.url)('@xterm/headless') as { Terminal: typeof HeadlessTerminal }).Terminal;
  return new ctor(options);
}

interface WriteBufferInternals {
  _core?: { _writeBuffer?: { handleUserInput?: () => void } };
}

/**
 * Writes and parses now rather than on xterm.js's next timer turn (its WriteBuffer schedules every write with
 * setTimeout(0), i.e. >= 1 ms later, one extra wake-up per chunk). It uses the path xterm.js itself takes for the
 * write after user input (WriteBuffer.handleUserInput); where that internal is missing, a plain write.
 * Returns whether the write took the synchronous path.
 */
export function writeNow(term: Terminal, data: string, parsed: () => void): boolean {
  const buffer = (term as unknown as WriteBufferInternals)._core?._writeBuffer;
  const sync = typeof buffer?.handleUserInput === 'function';
  if (sync) buffer.handleUserInput!();
  term.write(data, parsed);
  return sync;
}
