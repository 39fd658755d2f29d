/**
 * Enter in the approval queue: one request in full. A shell command wrapped (never cut) with its cwd; a file edit as
 * the coloured unified diff of the file on disk against after the edit, with line numbers; a screen ask with its
 * last screen lines. j/k/arrows, PgUp/PgDn, g/G (top/bottom: Home/End) scroll; q/Esc back to the queue.
 */
import type { PaseoApi } from '../../core/api.js';
import { detailLines, type StyledLine } from '../../core/approval-text.js';
import { errorMessage } from '../../core/errors.js';
import type { ApprovalHost } from './approval-queue.js';

/** Rows the detail's frame takes from the main area: border (2), title, a blank and the key line. */
const DETAIL_CHROME_ROWS = 5;
/** Columns the frame takes: border (2) and padding (2). */
const DETAIL_CHROME_COLS = 4;

/** What the detail shows at this size: its lines (wrapped to the width) and how far it can scroll. */
export function detailView(detail: Parameters<typeof detailLines>[0], size: { width: number; height: number }): { lines: StyledLine[]; visible: number; maxScroll: number } {
  const lines = detailLines(detail, Math.max(10, size.width - DETAIL_CHROME_COLS));
  const visible = Math.max(1, size.height - DETAIL_CHROME_ROWS);
  return { lines, visible, maxScroll: Math.max(0, lines.length - visible) };
}

export class ApprovalDetailMode {
  constructor(
    private readonly api: PaseoApi,
    private readonly host: ApprovalHost,
  ) {}

  open(requestId: string): void {
    this.host.update({ dialog: { kind: 'approval-detail', requestId, scroll: 0 } });
    if (!this.api.showApproval) return this.host.update({ dialog: { kind: 'approval-detail', requestId, scroll: 0, error: 'this daemon cannot show approval details' } });
    this.api.showApproval(requestId).then(
      (detail) => this.patch(requestId, { detail }),
      (err: unknown) => this.patch(requestId, { error: errorMessage(err) }),
    );
  }

  /** Scroll keys; q/Esc calls back. */
  input(name: string, back: () => void): void {
    const dialog = this.host.state.dialog;
    if (dialog.kind !== 'approval-detail') return;
    if (name === 'q' || name === 'Escape') return back();
    if (!dialog.detail) return;
    const { visible, maxScroll } = detailView(dialog.detail, this.host.mainSize());
    const page = Math.max(1, visible - 1);
    const moves: Record<string, number> = { j: 1, Down: 1, k: -1, Up: -1, PageDown: page, Space: page, PageUp: -page, 'C-d': page, 'C-u': -page, Home: -Infinity, End: Infinity, G: Infinity };
    const move = moves[name];
    if (move === undefined) return;
    const scroll = Math.max(0, Math.min(maxScroll, dialog.scroll + move));
    if (scroll !== dialog.scroll) this.host.update({ dialog: { ...dialog, scroll } });
  }

  private patch(requestId: string, patch: { detail?: import('../../core/protocol.js').ApprovalDetail; error?: string }): void {
    const dialog = this.host.state.dialog;
    if (dialog.kind === 'approval-detail' && dialog.requestId === requestId) this.host.update({ dialog: { ...dialog, ...patch } });
  }
}
