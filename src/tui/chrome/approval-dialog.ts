/** The approval queue and detail dialogs of the chrome model, from the TUI's state (modes/approval-queue.ts, approval-detail.ts). */
import type { Dialog } from '../../../components/view-model.js';
import { approvalColumns } from '../../core/approval-text.js';
import type { ChromeRect } from '../../../components/view-model.js';
import { detailView } from '../modes/approval-detail.js';
import type { TuiState } from '../state/tui-state.js';

export function approvalDialog(state: TuiState, main: ChromeRect, nowMs: number): Dialog {
  const dialog = state.dialog;
  if (dialog.kind === 'approvals') {
    return { kind: 'approvals', selected: dialog.selected, rows: state.approvals.map((a) => ({ id: a.id, ...approvalColumns(a, nowMs) })) };
  }
  if (dialog.kind !== 'approval-detail') return { kind: 'none' };
  const a = state.approvals.find((x) => x.id === dialog.requestId);
  const title = a ? `${approvalColumns(a, nowMs).agent} · ${a.source === 'screen' ? 'asks on its screen' : a.tool} · request ${a.id}` : `request ${dialog.requestId}`;
  if (!dialog.detail) return { kind: 'approval-detail', title, lines: [], scroll: 0, total: 0, status: dialog.error ?? 'loading…' };
  const view = detailView(dialog.detail, main);
  const scroll = Math.min(dialog.scroll, view.maxScroll);
  return { kind: 'approval-detail', title, lines: view.lines.slice(scroll, scroll + view.visible), scroll, total: view.lines.length };
}
