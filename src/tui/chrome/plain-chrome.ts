/**
 * The chrome drawn straight into cells, without Ink: pane borders and titles, the agent list and the status line.
 * It is what the first frames show while Ink (a quarter of a second of module loading, perf.md §6) is still loading,
 * and the fallback if Ink cannot be loaded. It follows the Ink components' layout; dialogs show only their name.
 */
import type { ChromeModel, ChromeTile } from '../../../components/view-model.js';
import { CellGrid } from '../compositor/cell-grid.js';
import { sidebarHeader } from '../../../components/sidebar-header.js';
import { sidebarEntry } from '../../../components/sidebar-place.js';

const SINGLE = { tl: '┌', t: '─', tr: '┐', l: '│', r: '│', bl: '└', b: '─', br: '┘' };
const BOLD = { tl: '┏', t: '━', tr: '┓', l: '┃', r: '┃', bl: '┗', b: '━', br: '┛' };
const BADGE: Record<string, [string, string]> = {
  starting: ['◌', '33'],
  running: ['●', '32'],
  idle: ['○', '36'],
  waiting: ['◆', '35'],
  exited: ['✕', '90'],
  error: ['✕', '31'],
};
const GRAY = '90';

/** Writes `text` from x, cut at `maxX` (exclusive). */
function put(grid: CellGrid, x: number, y: number, text: string, style: string, maxX = grid.cols): void {
  let cx = x;
  for (const ch of text) {
    if (cx >= maxX) return;
    grid.set(cx++, y, ch, style);
  }
}

function drawPane(grid: CellGrid, model: ChromeModel, tile: Extract<ChromeTile, { kind: 'pane' }>): void {
  const { x, y, width, height } = tile.rect;
  if (width < 2 || height < 2) return;
  const focused = tile.agentId === model.focusId;
  const box = focused ? BOLD : SINGLE;
  const style = focused ? '1;32' : GRAY;
  const agent = model.agents.find((a) => a.id === tile.agentId);
  const note = model.paneNotes[tile.agentId];
  const label = ` ${agent?.title ?? 'gone'}${note ? ` [${note}]` : ''}${agent ? ` · ${agent.provider} · ${agent.status}` : ''} `;
  const title = label.slice(0, Math.max(0, width - 3));
  const top = `${box.tl}${box.t}${title}${box.t.repeat(Math.max(0, width - 3 - title.length))}${box.tr}`;
  put(grid, x, y, top, style, x + width);
  const sideStyle = focused ? '32' : GRAY;
  for (let row = y + 1; row < y + height - 1; row++) {
    grid.set(x, row, box.l, sideStyle);
    grid.set(x + width - 1, row, box.r, sideStyle);
  }
  const footer = model.paneFooters[tile.agentId];
  const bottom = footer ? ` ${footer} `.slice(0, Math.max(0, width - 3)) : '';
  put(grid, x, y + height - 1, `${box.bl}${box.b}${bottom}${box.b.repeat(Math.max(0, width - 3 - bottom.length))}${box.br}`, sideStyle, x + width);
  if (model.pendingPanes.includes(tile.agentId)) put(grid, x + 1, y + 1, 'waiting for screen…', GRAY, x + width - 1);
}

function drawTiles(grid: CellGrid, model: ChromeModel, tile: ChromeTile): void {
  if (tile.kind === 'pane') drawPane(grid, model, tile);
  else for (const child of tile.children) drawTiles(grid, model, child);
}

function drawSidebar(grid: CellGrid, model: ChromeModel): void {
  const bar = model.sidebar;
  if (!bar) return;
  const right = bar.x + bar.width - 1;
  for (let row = bar.y; row < bar.y + bar.height; row++) grid.set(right, row, '│', GRAY);
  put(grid, bar.x, bar.y, sidebarHeader(model.agents, model.onScreen), '1', right);
  if (!model.agents.length) put(grid, bar.x, bar.y + 1, ' none yet', GRAY, right);
  const list = model.sidebarList;
  const marking = model.agents.some((a) => !model.onScreen.includes(a.id));
  model.agents.slice(list.first, list.first + list.count).forEach((agent, i) => {
    const y = bar.y + 1 + i * list.rowsPerAgent;
    const [symbol, color] = BADGE[agent.status] ?? ['?', ''];
    const inverse = agent.id === model.focusId ? '7' : '';
    const visible = model.onScreen.includes(agent.id);
    grid.set(bar.x, y, symbol, inverse ? `${inverse};${color}` : color);
    grid.set(bar.x + 1, y, agent.attention ? '!' : ' ', inverse ? '7;1;33' : '1;33');
    const titleWidth = Math.max(0, bar.width - 5);
    const { title, head, place } = sidebarEntry(agent, model.agents);
    put(grid, bar.x + 2, y, title.slice(0, titleWidth).padEnd(titleWidth), inverse || (marking && !visible ? GRAY : ''), right);
    if (marking && visible) put(grid, bar.x + 2 + titleWidth, y, '◂', '36', right);
    if (list.rowsPerAgent === 2) put(grid, bar.x, y + 1, `${head} ${place}`, GRAY, right);
  });
}

function drawStatus(grid: CellGrid, model: ChromeModel): void {
  const s = model.status;
  const y = model.rows - 1;
  if (s.prompt !== undefined) {
    put(grid, 0, y, ` ${s.prompt}`.padEnd(model.cols), '43;30');
    return;
  }
  const daemon = s.connection === 'connected' ? `daemon ${s.daemon}` : 'daemon DISCONNECTED, reconnecting…';
  const right = ` ${s.more ? `${s.more} │ ` : ''}${s.clock} │ ${s.prefixArmed ? 'prefix…' : s.hint} `;
  const left = s.message ?? ` paseo │ ${s.host} │ ${daemon} │ ${model.agents.length} agents${s.approvals > 0 ? ` │ ${s.approvals} approvals waiting` : ''}`;
  const room = Math.max(0, model.cols - right.length);
  const shownLeft = left.length > room ? `${left.slice(0, Math.max(0, room - 1))}…` : left.padEnd(room);
  const alert = s.connection === 'disconnected' || s.message !== undefined;
  put(grid, 0, y, (shownLeft + right).padEnd(model.cols), alert ? '41;37' : '44;37');
}

export function renderPlainChrome(model: ChromeModel): CellGrid {
  const grid = new CellGrid(model.cols, model.rows);
  if (model.tooSmall) {
    put(grid, 0, 0, `Window too small: ${model.cols}×${model.rows}.`, '33');
    return grid;
  }
  drawSidebar(grid, model);
  const main = model.main;
  if (model.dialog.kind !== 'none') put(grid, main.x + 1, main.y + 1, model.dialog.kind, '1', main.x + main.width);
  else if (model.tiles) drawTiles(grid, model, model.tiles);
  else put(grid, main.x + 1, main.y + 1, model.emptyHint ?? 'No agents yet', '1', main.x + main.width);
  drawStatus(grid, model);
  return grid;
}
