/** Owns the real screen: writes each composed frame as a diff against the last one, inside synchronized output, cursor last. */
import type { CellGrid } from './cell-grid.js';
import { type CursorState, diffFrames } from './frame-diff.js';

const SYNC_BEGIN = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';

export interface Writable {
  write(data: string): unknown;
}

export class ScreenWriter {
  private previous: CellGrid | undefined;
  /** The grid replaced by the last present(): off screen and unreferenced, free for the next frame. */
  private spare: CellGrid | undefined;
  private cursor: CursorState = { visible: false, x: -1, y: -1 };
  bytesWritten = 0;
  framesWritten = 0;

  constructor(private readonly out: Writable) {}

  /** Forget what is on screen (after a resize or a clear), so the next frame is drawn in full. */
  invalidate(): void {
    this.previous = undefined;
    this.spare = undefined;
    this.cursor = { visible: false, x: -1, y: -1 };
  }

  /** Draws `next`; writes nothing at all when neither the cells nor the cursor changed. Returns whether it wrote. */
  present(next: CellGrid, cursor: CursorState): boolean {
    const full = this.previous === undefined || this.previous.cols !== next.cols || this.previous.rows !== next.rows;
    const cells = diffFrames(this.previous, next);
    const sameCursor =
      cursor.visible === this.cursor.visible && (!cursor.visible || (cursor.x === this.cursor.x && cursor.y === this.cursor.y));
    if (!cells && sameCursor && !full) {
      this.replace(next);
      return false;
    }
    let out = SYNC_BEGIN;
    if (cells && this.cursor.visible) out += '\x1b[?25l';
    if (full) out += '\x1b[0m\x1b[H\x1b[2J';
    out += cells;
    if (cursor.visible) out += `\x1b[${cursor.y + 1};${cursor.x + 1}H\x1b[?25h`;
    else if (this.cursor.visible || full) out += '\x1b[?25l';
    out += SYNC_END;
    this.out.write(out);
    this.bytesWritten += out.length;
    this.framesWritten++;
    this.replace(next);
    this.cursor = { ...cursor };
    return true;
  }

  /**
   * The bell, and with a notice a desktop notification (OSC 9 for iTerm2/WezTerm/kitty/Windows Terminal, OSC 777 for
   * VTE/foot/urxvt; a terminal ignores the one it does not know). Both move nothing on screen, so no frame is needed;
   * text is one line without control characters or the ';' OSC 777 splits on.
   */
  notify(notice?: { title: string; body: string; bell: boolean }): void {
    let out = '';
    if (notice) {
      const title = oscText(notice.title).replace(/;/g, ',');
      const body = oscText(notice.body);
      out += `\x1b]9;${title}: ${body}\x07\x1b]777;notify;${title};${body}\x07`;
    }
    if (!notice || notice.bell) out += '\x07';
    this.out.write(out);
    this.bytesWritten += out.length;
  }

  /** A grid the caller may draw the next frame into (once; undefined when there is none). */
  recycle(): CellGrid | undefined {
    const grid = this.spare;
    this.spare = undefined;
    return grid;
  }

  private replace(next: CellGrid): void {
    if (this.previous !== next) this.spare = this.previous;
    this.previous = next;
  }
}

/** Text inside an OSC string: no control characters (a BEL or ESC would end it early), one line, bounded. */
function oscText(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ').slice(0, 200);
}
