/** A headless terminal holding the rendered chrome, so the compositor reads chrome and panes as the same kind of cells. */
import { createTerminal, type Terminal } from '../headless-terminal.js';
import type { Disposable } from '../../core/disposable.js';

export class ChromeScreen implements Disposable {
  private term: Terminal;

  constructor(cols: number, rows: number) {
    this.term = createTerminal({ cols, rows, scrollback: 0, allowProposedApi: true });
  }

  get terminal(): Terminal {
    return this.term;
  }

  /** Replaces the whole chrome; resolves once parsed. */
  draw(lines: string[], cols: number, rows: number): Promise<void> {
    if (cols !== this.term.cols || rows !== this.term.rows) {
      this.term.dispose();
      this.term = createTerminal({ cols, rows, scrollback: 0, allowProposedApi: true });
    }
    const term = this.term;
    // Autowrap off: a line exactly `cols` wide must not push the next one down.
    const data = '\x1b[?7l\x1b[0m\x1b[H\x1b[2J' + lines.map((l) => `${l}\x1b[0m`).join('\r\n');
    return new Promise((resolve) => term.write(data, resolve));
  }

  dispose(): void {
    this.term.dispose();
  }
}
