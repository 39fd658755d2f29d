/**
 * An agent's live screen on the page: an xterm.js terminal drawn at the PTY's size (never fitted to the phone by
 * resizing the PTY), scaled by font size to the width available, panned sideways when even the smallest font does
 * not fit. Frames of the viewer stream are written in and acknowledged once applied; xterm.js's own keyboard input is
 * off (typing goes through the page's text box).
 */
import { Terminal } from '@xterm/xterm';
import type { FrameMessage, FrameModes } from '../core/viewer-protocol.js';
import { frameToAnsi } from './apply-frame.js';
import { h } from './dom.js';

const MIN_FONT_PX = 6;
const MAX_FONT_PX = 15;
/** Cell width / font size of the monospace fonts phones have (measured by xterm once rendered; this is the first guess). */
const CELL_WIDTH_RATIO = 0.6;

export class TerminalView {
  readonly element: HTMLDivElement;
  private readonly host: HTMLDivElement;
  private readonly term: Terminal;
  private fontPx = 12;
  lastFrame: number | undefined;
  /** Frames applied (tests read it through the page's test hook). */
  applied = 0;
  modes: FrameModes = { appCursor: false, bracketedPaste: false, alt: false };
  title = '';
  private readonly onResize = () => this.fit();

  constructor(
    private readonly ack: (id: number) => void,
    private readonly onTop: () => void,
  ) {
    this.host = h('div', { class: 'term-host' });
    this.element = h('div', { class: 'term-pan', 'data-testid': 'terminal' }, this.host);
    this.term = new Terminal({
      cols: 80,
      rows: 24,
      fontSize: this.fontPx,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      disableStdin: true,
      cursorBlink: false,
      scrollback: 2000,
      allowProposedApi: true,
      theme: { background: '#0d1117', foreground: '#d6dde6' },
    });
    this.term.open(this.host);
    this.term.onScroll((y) => {
      if (y === 0) this.onTop();
    });
    window.addEventListener('resize', this.onResize);
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  apply(frame: FrameMessage): void {
    if (frame.cols !== this.term.cols || frame.rows !== this.term.rows) {
      this.term.resize(frame.cols, frame.rows);
      this.fit();
    }
    if (frame.modes) this.modes = frame.modes;
    if (frame.title !== undefined) this.title = frame.title;
    this.term.write(frameToAnsi(frame), () => {
      this.lastFrame = frame.id;
      this.applied++;
      this.ack(frame.id);
    });
  }

  /** The screen's text, row by row, trailing blanks trimmed (tests compare it with `paseo logs`). */
  screenText(): string[] {
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) out.push(b.getLine(b.baseY + y)?.translateToString(true) ?? '');
    return out;
  }

  /** Font size so the PTY's columns fit the width available; below the minimum the view pans sideways. */
  fit(): void {
    const width = this.element.clientWidth || window.innerWidth;
    const wanted = Math.floor(width / (this.term.cols * CELL_WIDTH_RATIO));
    const font = Math.max(MIN_FONT_PX, Math.min(MAX_FONT_PX, wanted));
    if (font !== this.fontPx) {
      this.fontPx = font;
      this.term.options.fontSize = font;
    }
  }

  /** The PTY size that fills the available area at a readable font ("take control"). */
  sizeForControl(heightPx: number): { cols: number; rows: number } {
    const font = 12;
    const width = this.element.clientWidth || window.innerWidth;
    return { cols: Math.max(20, Math.floor(width / (font * CELL_WIDTH_RATIO))), rows: Math.max(8, Math.floor(heightPx / (font * 1.2))) };
  }

  dispose(): void {
    window.removeEventListener('resize', this.onResize);
    this.term.dispose();
  }
}
