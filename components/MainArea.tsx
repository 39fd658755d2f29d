/** The area right of the sidebar: a dialog when one is open, else the tiled panes or the empty state. */
import type { ChromeModel } from './view-model.js';
import { AgentPicker } from './AgentPicker.js';
import { ApprovalDetail } from './ApprovalDetail.js';
import { ApprovalQueue } from './ApprovalQueue.js';
import { EmptyState } from './EmptyState.js';
import { HelpView } from './HelpView.js';
import { NewAgentForm } from './NewAgentForm.js';
import { PaneTree } from './PaneTree.js';
import { useChrome } from './use-chrome.js';

export function MainArea() {
  const model: ChromeModel = useChrome();
  const { width, height } = model.main;
  const dialog = model.dialog;
  switch (dialog.kind) {
    case 'help':
      return <HelpView prefix={dialog.prefix} rows={dialog.rows} width={width} height={height} />;
    case 'new-agent':
      return <NewAgentForm fields={dialog.fields} focus={dialog.focus} error={dialog.error} busy={dialog.busy} width={width} height={height} />;
    case 'pick':
      return <AgentPicker agents={model.agents} selected={dialog.selected} width={width} height={height} />;
    case 'approvals':
      return <ApprovalQueue rows={dialog.rows} selected={dialog.selected} width={width} height={height} />;
    case 'approval-detail':
      return <ApprovalDetail {...dialog} width={width} height={height} />;
    case 'none':
      break;
  }
  if (!model.tiles) {
    const prefix = model.status.hint.split(' ')[0] ?? 'C-b';
    return <EmptyState prefix={prefix} hint={model.emptyHint} width={width} height={height} />;
  }
  return (
    <PaneTree
      tile={model.tiles}
      agents={new Map(model.agents.map((a) => [a.id, a]))}
      focusId={model.focusId}
      notes={model.paneNotes}
      pending={new Set(model.pendingPanes)}
      footers={model.paneFooters}
    />
  );
}
