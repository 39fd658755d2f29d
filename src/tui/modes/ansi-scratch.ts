/**
 * A scratch headless terminal holding rows of ANSI text, for the compositor to copy like a pane (AnsiPanel,
 * ScrollView): rewritten only when what it should hold changes, made anew at another size.
 */
import { writeParsedNow } from '../../core/xterm-sync-write.js';
import { createTerminal, type Terminal } from '../headless-terminal.js';

export class AnsiScratch {
  private term: Terminal | undefined;
  /** Names what the terminal holds: the same key, no rewrite. */
  private drawnKey = '';
  private parsed = true;

  /** `onParsed` is called when a write could not be parsed at once (a frame must follow). */
  constructor(private readonly onParsed: () => void) {}

  /**
   * The terminal at cols×height with row i of `rows` on line i, each from default attributes (an undefined or empty
   * row blank); `key` names those rows. `cut`: autowrap off, so a row longer than the terminal is cut at its edge.
   */
  show(cols: number, height: number, key: string, rows: readonly (string | undefined)[], cut: boolean): Terminal {
    const term = this.terminal(cols, height);
    if (key !== this.drawnKey) {
      this.drawnKey = key;
      let data = `${cut ? '\x1b[?7l' : ''}\x1b[0m\x1b[H\x1b[2J`;
      rows.forEach((r, i) => {
        if (r) data += `\x1b[${i + 1};1H${r}\x1b[0m`;
      });
      this.parsed = writeParsedNow(term, data, () => {
        if (!this.parsed) this.onParsed();
        this.parsed = true;
      });
    }
    return term;
  }

  dispose(): void {
    this.term?.dispose();
    this.term = undefined;
  }

  private terminal(cols: number, rows: number): Terminal {
    if (!this.term || this.term.cols !== cols || this.term.rows !== rows) {
      this.term?.dispose();
      this.term = createTerminal({ cols, rows, scrollback: 0, allowProposedApi: true });
      this.drawnKey = '';
    }
    return this.term;
  }
}
