/**
 * The viewer stream (DESIGN §5): for remote and slow clients, the daemon sends the screen's state, not its byte
 * history (mosh's state synchronisation). Each frame takes the viewer from the state it was diffed against to a new
 * one; the viewer acknowledges the frames it applied, which paces the stream (at most two unacknowledged) and gives
 * the daemon its round-trip time. Types only: the page (src/web) imports them too.
 */

/** One row of a frame: its index on the screen and its content as ANSI (default attributes first, reset at the end). */
export type FrameRow = [row: number, ansi: string];

/** Terminal modes the viewer needs to act like the agent's terminal (key encodings, cursor). */
export interface FrameModes {
  /** DECCKM: arrows send ESC O A instead of ESC [ A. */
  appCursor: boolean;
  bracketedPaste: boolean;
  /** The program is on the alternate screen (no history there). */
  alt: boolean;
}

/** server → client: one step of a viewer stream. */
export interface FrameMessage {
  type: 'frame';
  agentId: string;
  /** The state this frame leads to; the viewer acknowledges it, and names it when it resubscribes. */
  id: number;
  /** The viewer clears its screen (and takes cols×rows) first: it had nothing the daemon could diff against. */
  full: boolean;
  cols: number;
  rows: number;
  /** Lines to scroll the screen up before the rows are drawn (output that scrolled; at most `rows`). */
  scroll: number;
  lines: FrameRow[];
  /** Cursor column and row (0-based) and whether it is shown. */
  cursor: [x: number, y: number, visible: boolean];
  /** The window title, when it changed since the frame before (always in a full frame). */
  title?: string;
  /** The modes, when they changed since the frame before (always in a full frame). */
  modes?: FrameModes;
}

/** client → server: the viewer applied frame `id` of the agent's stream. */
export interface AckMessage {
  type: 'ack';
  agentId: string;
  id: number;
}

/** `terminal.subscribe` params of a viewer: `viewer: true`, and on reconnect the last frame it applied. */
export interface ViewerSubscribeParams {
  agentId: string;
  viewer: true;
  lastFrame?: number;
}
