/** Feeds recorded PTY bytes into @xterm/headless and exposes the adapter-facing TerminalView. */
import xterm from '@xterm/headless';
import type { TerminalView } from '../../src/core/adapter.js';

export async function viewOf(bytes: Buffer | string, cols = 100, rows = 30): Promise<{ view: TerminalView; dispose(): void }> {
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  let title = '';
  term.onTitleChange((t) => (title = t));
  await new Promise<void>((resolve) => term.write(typeof bytes === 'string' ? bytes : new Uint8Array(bytes), resolve));
  const view: TerminalView = {
    cols,
    rows,
    lines() {
      const b = term.buffer.active;
      const out: string[] = [];
      for (let y = 0; y < rows; y++) out.push(b.getLine(b.viewportY + y)?.translateToString(true) ?? '');
      return out;
    },
    get cursorX() {
      return term.buffer.active.cursorX;
    },
    get cursorY() {
      return term.buffer.active.cursorY;
    },
    get bufferType() {
      return term.buffer.active.type;
    },
    get title() {
      return title;
    },
  };
  return { view, dispose: () => term.dispose() };
}
