/** The TUI's bridge to @xterm/headless, a CommonJS package: Node's ESM loader exposes it as `default`, vitest as named exports. */
import * as xtermHeadless from '@xterm/headless';
import type { Terminal as HeadlessTerminal } from '@xterm/headless';

type HeadlessModule = { Terminal: typeof HeadlessTerminal };
const mod = xtermHeadless as unknown as HeadlessModule & { default?: HeadlessModule };

export const Terminal: typeof HeadlessTerminal = mod.default?.Terminal ?? mod.Terminal;
export type Terminal = HeadlessTerminal;
