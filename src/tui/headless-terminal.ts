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

