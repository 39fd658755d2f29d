/** TUI state → the chrome model the Ink components draw. */
import { Tui } from '../../core/constants.js';
import type { ChromeModel, ChromeTile } from '../../../components/view-model.js';
import { COMMAND_HELP, type KeyTable, TUI_COMMANDS } from '../input/bindings.js';
import type { TileNode } from '../layout/tile-layout.js';
import type { MirrorSet } from '../mirror-set.js';
import type { TuiState } from '../state/tui-state.js';
import type { ViewGeometry } from '../state/view-geometry.js';
import { scrollLimit } from '../state/scroll-keys.js';

export interface ChromeEnv {
  host: string;
  clock: string;
  keys: KeyTable;
  prefixArmed: boolean;
}

function toTile(node: TileNode): ChromeTile {
  return node.kind === 'pane' ? { ...node } : { ...node, children: node.children.map(toTile) };
}

export function buildChromeModel(state: TuiState, geometry: ViewGeometry, mirrors: MirrorSet, env: ChromeEnv): ChromeModel {
  const paneNotes: Record<string, string> = {};
  const pendingPanes: string[] = [];
  for (const { agentId } of geometry.tiles.panes) {
    const mirror = mirrors.get(agentId);
    const notes: string[] = [];
    if (state.zoomed && agentId === state.focusId) notes.push('zoom');
    if (state.scroll?.agentId === agentId) notes.push(`scroll ${state.scroll.offset}/${scrollLimit(mirror?.terminal)}`);
    if (!mirror?.terminal) pendingPanes.push(agentId);
    else if (!mirror.live) notes.push('disconnected');
    if (notes.length) paneNotes[agentId] = notes.join(' ');
  }
  const prefix = env.keys.prefix;
  let prompt: string | undefined;
  if (state.prompt?.kind === 'confirm-stop') prompt = `Stop agent "${state.prompt.title}"? (y/n)`;
  else if (state.prompt?.kind === 'search') prompt = `search up: ${state.prompt.text}▏`;
  return {
    cols: state.cols,
    rows: state.rows,
    tooSmall: geometry.screen.tooSmall,
    minCols: Tui.MIN_COLS,
    minRows: Tui.MIN_ROWS,
    sidebar: geometry.screen.sidebar,
    main: geometry.screen.main,
    agents: state.agents.filter((a) => !a.archivedAt),
    focusId: state.focusId,
    tiles: geometry.tiles.root ? toTile(geometry.tiles.root) : undefined,
    paneNotes,
    pendingPanes,
    hiddenCount: geometry.hiddenCount,
    dialog:
      state.dialog.kind === 'help'
        ? { kind: 'help', prefix, rows: TUI_COMMANDS.map((c) => ({ keys: (env.keys.byCommand.get(c) ?? []).join(' '), what: COMMAND_HELP[c] })) }
        : state.dialog.kind === 'new-agent'
          ? { kind: 'new-agent', ...state.dialog.form }
          : state.dialog.kind === 'pick'
            ? { kind: 'pick', selected: state.dialog.selected }
            : { kind: 'none' },
    status: {
      host: env.host,
      daemon: state.daemon,
      connection: state.connection,
      approvals: 0,
      clock: env.clock,
      hint: state.scroll ? 'scroll: PgUp/PgDn / q' : `${prefix} ? help`,
      prefixArmed: env.prefixArmed,
      ...(prompt !== undefined ? { prompt } : {}),
      ...(state.message !== undefined ? { message: state.message } : {}),
    },
  };
}
