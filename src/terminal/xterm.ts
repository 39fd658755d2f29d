/** One place that bridges @xterm/headless (CommonJS) and the serialize addon into typed ESM imports. */
import xtermHeadless from '@xterm/headless';
import type { Terminal as HeadlessTerminal, ITerminalOptions } from '@xterm/headless';
import { SerializeAddon } from '@xterm/addon-serialize';

export type { HeadlessTerminal };
export { SerializeAddon };

/** A headless terminal with the serialize addon loaded. */
export function createHeadlessTerminal(opts: ITerminalOptions & { cols: number; rows: number }): {
  term: HeadlessTerminal;
  serializer: SerializeAddon;
} {
  const term = new xtermHeadless.Terminal({ allowProposedApi: true, ...opts });
  const serializer = new SerializeAddon();
  // The addon is typed against @xterm/xterm's Terminal; the headless one has the same public surface it uses.
  term.loadAddon(serializer as unknown as Parameters<HeadlessTerminal['loadAddon']>[0]);
  return { term, serializer };
}
