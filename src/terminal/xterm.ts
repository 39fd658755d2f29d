/** One place that bridges @xterm/headless (CommonJS) and the serialize addon into typed ESM imports. */
import * as xtermHeadless from '@xterm/headless';
import type { Terminal as HeadlessTerminal, ITerminalOptions } from '@xterm/headless';
import { SerializeAddon } from '@xterm/addon-serialize';

export type { HeadlessTerminal };
export { SerializeAddon };

// The package is CommonJS: Node's ESM loader exposes it as `default`, some loaders (tsx in CJS mode) as named exports.
type HeadlessModule = { Terminal: typeof HeadlessTerminal };
const headlessModule = xtermHeadless as unknown as HeadlessModule & { default?: HeadlessModule };
const TerminalCtor = headlessModule.default?.Terminal ?? headlessModule.Terminal;

/** A headless terminal with the serialize addon loaded. */
export function createHeadlessTerminal(opts: ITerminalOptions & { cols: number; rows: number }): {
  term: HeadlessTerminal;
  serializer: SerializeAddon;
} {
  const term = new TerminalCtor({ allowProposedApi: true, ...opts });
  const serializer = new SerializeAddon();
  // The addon is typed against @xterm/xterm's Terminal; the headless one has the same public surface it uses.
  term.loadAddon(serializer as unknown as Parameters<HeadlessTerminal['loadAddon']>[0]);
  return { term, serializer };
}
