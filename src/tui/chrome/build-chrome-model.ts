/** TUI state → the chrome model the Ink components draw. */
import { Tui } from '../../core/constants.js';
import type { ChromeModel, ChromeTile } from '../../../components/view-model.js';
import { COMMAND_HELP, type KeyTable, TUI_COMMANDS } from '../input/bindings.js';
import type { TileNode } from '../layout/tile-layout.js';
import type { MirrorSet } from '../mirror-set.js';
import type { ScrollState, TuiState } from '../state/tui-state.js';
import type { ViewGeometry } from '../state/view-geometry.js';
import { innerRect } from '../layout/rect.js';
import { sidebarList } from '../layout/sidebar-list.js';
import { sidebarOrder } from '../layout/sidebar-order.js';
import { isExited, paneCandidates } from '../state/tui-state.js';
import { actionPromptText, deadPaneHint, isActionPrompt, keyHint } from '../modes/agent-actions.js';
import { approvalPromptText, isApprovalPrompt } from '../modes/approval-queue.js';
import { approvalDialog } from './approval-dialog.js';

export interface ChromeEnv {
  host: string;
  clock: string;
  keys: KeyTable;
  prefixArmed: boolean;
  /** Now, for the queue's ages and time left (tests fix it). */
  nowMs?: number;
}

function toTile(node: TileNode): ChromeTile {
  return node.kind === 'pane' ? { ...node } : { ...node, children: node.children.map(toTile) };
}

export function buildChromeModel(state: TuiState, geometry: ViewGeometry, mirrors: MirrorSet, env: ChromeEnv): ChromeModel {
  const paneNotes: Record<string, string> = {};
  const pendingPanes: string[] = [];
  const paneFooters: Record<string, string> = {};
  for (const { agentId, rect } of geometry.tiles.panes) {
    const mirror = mirrors.get(agentId);
    const notes: string[] = [];
    if (state.zoomed && agentId === state.focusId) notes.push('zoom');
    // Shown at another client's (or an earlier) size: the top-left part, until the user types here.
    const inner = innerRect(rect);
    if (mirror?.terminal && (mirror.cols > inner.width || mirror.rows > inner.height)) notes.push('cropped');
    const agent = state.agents.find((a) => a.id === agentId);
    if (agent && isExited(agent)) paneFooters[agentId] = deadPaneHint(env.keys);
    if (state.scroll?.agentId === agentId) notes.push(scrollNote(state.scroll));
    if (!mirror?.terminal) pendingPanes.push(agentId);
    else if (!mirror.live) notes.push('disconnected');
    if (notes.length) paneNotes[agentId] = notes.join(' ');
  }
  const prefix = env.keys.prefix;
  // Grouped by worktree/cwd, children under their parent (sidebar-order.ts).
  const listed = sidebarOrder(state.agents);
  let prompt: string | undefined;
  if (state.prompt?.kind === 'confirm-stop') prompt = `Stop agent "${state.prompt.title}"? (y/n)`;
  else if (isActionPrompt(state.prompt)) prompt = actionPromptText(state.prompt);
  else if (state.prompt?.kind === 'search') prompt = `search ${state.prompt.direction ?? 'up'}: ${state.prompt.text}▏`;
  else if (isApprovalPrompt(state.prompt)) prompt = approvalPromptText(state.prompt);
  return {
    cols: state.cols,
    rows: state.rows,
    tooSmall: geometry.screen.tooSmall,
    minCols: Tui.MIN_COLS,
    minRows: Tui.MIN_ROWS,
    sidebar: geometry.screen.sidebar,
    main: geometry.screen.main,
    agents: listed,
    focusId: state.focusId,
    tiles: geometry.tiles.root ? toTile(geometry.tiles.root) : undefined,
    paneNotes,
    pendingPanes,
    hiddenCount: geometry.hiddenCount,
    onScreen: geometry.visibleIds,
    sidebarList: sidebarList(listed.length, listed.findIndex((a) => a.id === state.focusId), geometry.screen.sidebar?.height ?? 0),
    paneFooters,
    ...(listed.length > 0 && !geometry.tiles.root ? { emptyHint: emptyHint(listed.length, env) } : {}),
    dialog:
      state.dialog.kind === 'help'
        ? { kind: 'help', prefix, rows: TUI_COMMANDS.map((c) => ({ keys: (env.keys.byCommand.get(c) ?? []).join(' '), what: COMMAND_HELP[c] })) }
        : state.dialog.kind === 'new-agent'
          ? { kind: 'new-agent', ...state.dialog.form }
          : state.dialog.kind === 'pick'
            ? { kind: 'pick', selected: state.dialog.selected }
            : state.dialog.kind === 'approvals' || state.dialog.kind === 'approval-detail'
              ? approvalDialog(state, geometry.screen.main, env.nowMs ?? Date.now())
              : { kind: 'none' },
    status: {
      host: env.host,
      daemon: state.daemon,
      connection: state.connection,
      approvals: state.approvals.length,
      clock: env.clock,
      hint: state.scroll ? 'scroll: PgUp/PgDn  / ? search  n/N  q' : state.dialog.kind === 'approvals' || state.dialog.kind === 'approval-detail' ? 'y allow  A always  n deny  N deny+stop  g go  q' : `${prefix} ? help`,
      prefixArmed: env.prefixArmed,
      ...(geometry.hiddenCount > 0 ? { more: `+${geometry.hiddenCount} more` } : {}),
      ...(prompt !== undefined ? { prompt } : {}),
      ...(state.scroll?.notice !== undefined ? { message: state.scroll.notice } : state.message !== undefined ? { message: state.message } : {}),
    },
  };
}

/** Every listed agent exited and none kept: how to see one again or start another. */
function emptyHint(exited: number, env: ChromeEnv): string {
  const back = keyHint(env.keys, 'show-exited');
  const create = keyHint(env.keys, 'new-agent');
  const keys = [back && `${back}  show the last one`, create && `${create}  new agent`].filter(Boolean).join('    ');
  return `No running agents (${exited} exited)${keys ? `    ${keys}` : ''}`;
}

/** tmux's copy-mode position [offset/total], and how much output arrived below the held view. */
function scrollNote(scroll: ScrollState): string {
  const note = `scroll ${scroll.offset}/${scroll.total}`;
  return scroll.newLines > 0 ? `${note} +${scroll.newLines} new lines` : note;
}
