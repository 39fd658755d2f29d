/**
 * The frame that takes a viewer from the state it has to the current one: a scroll count when the screen moved up in
 * the history (clamped to the screen height), then only the rows that differ after that scroll, the cursor, title and
 * modes. Without a usable base (none, another size or epoch) the frame is a full screen.
 */
import type { FrameMessage, FrameRow } from '../../core/viewer-protocol.js';
import type { ScreenState } from './screen-state.js';

export function diffFrame(agentId: string, base: ScreenState | undefined, next: ScreenState): FrameMessage | undefined {
  const header = { type: 'frame' as const, agentId, id: next.id, cols: next.cols, rows: next.rows, cursor: next.cursor };
  if (!base || base.cols !== next.cols || base.rows !== next.rows || base.epoch !== next.epoch) {
    const lines: FrameRow[] = [];
    next.lines.forEach((line, i) => line !== '' && lines.push([i, line]));
    return { ...header, full: true, scroll: 0, lines, title: next.title, modes: next.modes };
  }
  if (base.id === next.id) return undefined;
  let scroll = 0;
  if (base.top !== undefined && next.top !== undefined && next.top > base.top) scroll = Math.min(next.rows, next.top - base.top);
  const lines: FrameRow[] = [];
  for (let i = 0; i < next.rows; i++) {
    const was = i + scroll < base.rows ? base.lines[i + scroll]! : '';
    if (next.lines[i] !== was) lines.push([i, next.lines[i]!]);
  }
  // Title and modes ride only when they changed: a busy agent's frames are a row or two, the header is most of them.
  const titleChanged = base.title !== next.title;
  const modesChanged =
    base.modes.appCursor !== next.modes.appCursor || base.modes.bracketedPaste !== next.modes.bracketedPaste || base.modes.alt !== next.modes.alt;
  if (scroll === 0 && lines.length === 0 && sameCursor(base.cursor, next.cursor) && !titleChanged && !modesChanged) return undefined;
  return { ...header, full: false, scroll, lines, ...(titleChanged ? { title: next.title } : {}), ...(modesChanged ? { modes: next.modes } : {}) };
}

function sameCursor(a: ScreenState['cursor'], b: ScreenState['cursor']): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}
