/** One place that bridges @xterm/headless (CommonJS) and the serialize addon into typed ESM. */
import { createRequire } from 'node:module';
import type { Terminal as HeadlessTerminal, ITerminalOptions } from '@xterm/headless';
import type { SerializeAddon as SerializeAddonClass } from '@xterm/addon-serialize';

export type { HeadlessTerminal };

// Loaded with require: an ESM import of these CommonJS bundles pre-parses them for named exports, 63-72 ms of the
// daemon's start here against 14-19 ms.
const load = createRequire(import.meta.url);
const TerminalCtor = (load('@xterm/headless') as { Terminal: typeof HeadlessTerminal }).Terminal;
export const SerializeAddon = (load('@xterm/addon-serialize') as { SerializeAddon: typeof SerializeAddonClass }).SerializeAddon;
export type SerializeAddon = SerializeAddonClass;

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
