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

  /**
   * Replaces the whole chrome. Parsed synchronously as a rule (returns undefined): xterm.js parses a write that follows
   * "user input" at once instead of on a timer, so a pane change never waits behind the chrome's parse. Returns a promise
   * in the rare case the parse was queued (an earlier one still in progress).
   */
  draw(lines: string[], cols: number, rows: number): Promise<void> | undefined {
    if (cols !== this.term.cols || rows !== this.term.rows) {
      this.term.dispose();
      this.term = createTerminal({ cols, rows, scrollback: 0, allowProposedApi: true });
    }
    const term = this.term;
    // Autowrap off: a line exactly `cols` wide must not push the next one down.
    const data = '\x1b[?7l\x1b[0m\x1b[H\x1b[2J' + lines.map((l) => `${l}\x1b[0m`).join('\r\n');
    let parsed = false;
    let resolveParsed: () => void = () => {};
    const done = new Promise<void>((resolve) => (resolveParsed = resolve));
    term.input('', true);
    term.write(data, () => {
      parsed = true;
      resolveParsed();
    });
    return parsed ? undefined : done;
  }

  dispose(): void {
    this.term.dispose();
  }
}
