import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../src/core/agent.js';
import { arrangePanes, nextPaneLayout, paneCapacity } from '../../src/tui/layout/pane-layouts.js';
import { sidebarList } from '../../src/tui/layout/sidebar-list.js';
import { singlePaneSize } from '../../src/tui/layout/screen-layout.js';
import { initialState } from '../../src/tui/state/tui-state.js';
import { viewGeometry } from '../../src/tui/state/view-geometry.js';
import { readTuiConfig } from '../../src/tui/tui-config.js';
import { buildKeyTable } from '../../src/tui/input/bindings.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const area = { x: 22, y: 0, width: 58, height: 23 };

function agent(id: string, status: AgentRecord['status'] = 'running'): AgentRecord {
  return { id, title: id, provider: 'shell', mode: 'default', cwd: '/', status, cols: 80, rows: 24, createdAt: `2025-01-01T00:00:${id.slice(1).padStart(2, '0')}.000Z`, updatedAt: '' };
}

describe('pane layouts', () => {
  it('cycles tiled → main + stack → one at a time → tiled', () => {
    expect([nextPaneLayout('tiled'), nextPaneLayout('main-stack'), nextPaneLayout('single')]).toEqual(['main-stack', 'single', 'tiled']);
  });

  it('main + stack: the main pane 60% wide on the left, the others stacked evenly on the right, covering the area', () => {
    const { panes } = arrangePanes('main-stack', ['a', 'b', 'c'], area, { mainId: 'b' });
    expect(panes.map((p) => [p.agentId, p.rect.x, p.rect.y, p.rect.width, p.rect.height])).toEqual([
      ['b', 22, 0, 35, 23],
      ['a', 57, 0, 23, 12],
      ['c', 57, 12, 23, 11],
    ]);
    expect(paneCapacity('main-stack', area)).toBe(1 + Math.floor(23 / 5));
  });

  it('one at a time shows only the focused agent; zoom takes the area in any layout', () => {
    expect(arrangePanes('single', ['a', 'b'], area, { mainId: 'b' }).panes).toEqual([{ agentId: 'b', rect: area }]);
    expect(paneCapacity('single', area)).toBe(1);
    expect(arrangePanes('main-stack', ['a', 'b'], area, { mainId: 'a', zoomedId: 'b' }).panes).toEqual([{ agentId: 'b', rect: area }]);
  });
});

describe('view geometry with many agents', () => {
  it('tiles live agents first, leaves exited ones out unless kept, and counts what does not fit', () => {
    const agents = [agent('a1', 'exited'), ...Array.from({ length: 12 }, (_, i) => agent(`a${i + 2}`)), agent('a14', 'error')];
    const state = { ...initialState(80, 24), agents, focusId: 'a2' };
    const g = viewGeometry(state);
    expect(g.visibleIds).toEqual(['a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10']);
    expect(g.hiddenCount).toBe(3);
    // A kept exited agent comes after the live ones; focusing the last live one slides the window to it.
    const kept = viewGeometry({ ...state, keptExited: ['a1'], focusId: 'a1' });
    expect(kept.visibleIds.at(-1)).toBe('a1');
    expect(kept.visibleIds).not.toContain('a2');
    expect(kept.hiddenCount).toBe(4);
    // Without the sidebar the main area is the whole width.
    expect(viewGeometry({ ...state, sidebar: false }).screen.main.width).toBe(80);
  });

  it('shows at most tui.maxPanes panes, each the bigger for it, and counts the rest', () => {
    const agents = Array.from({ length: 100 }, (_, i) => agent(`a${i + 1}`));
    const big = { ...initialState(194, 53), agents, focusId: 'a1' };
    expect(viewGeometry(big).visibleIds).toHaveLength(64);
    const four = viewGeometry({ ...big, maxPanes: 4 });
    expect(four.visibleIds).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(four.hiddenCount).toBe(96);
    expect(four.tiles.panes.map((p) => [p.rect.width, p.rect.height])).toEqual([
      [82, 26],
      [82, 26],
      [82, 26],
      [82, 26],
    ]);
    // Focusing a hidden agent still slides the window to it.
    expect(viewGeometry({ ...big, maxPanes: 4, focusId: 'a50' }).visibleIds).toEqual(['a47', 'a48', 'a49', 'a50']);
  });

  it('gives a first agent the inside of the one pane it will get', () => {
    // 120x40: sidebar 30, pane 90x39 outer.
    expect(singlePaneSize(120, 40)).toEqual({ cols: 88, rows: 37 });
    expect(singlePaneSize(39, 9)).toBeUndefined();
  });

  it('lists agents in the sidebar two rows each while they fit, else one row each around the focused one', () => {
    expect(sidebarList(5, 0, 23)).toEqual({ first: 0, count: 5, rowsPerAgent: 2 });
    expect(sidebarList(20, 0, 23)).toEqual({ first: 0, count: 20, rowsPerAgent: 1 });
    expect(sidebarList(30, 25, 23)).toEqual({ first: 4, count: 22, rowsPerAgent: 1 });
  });
});

describe('config', () => {
  it('reads tui.layout and tui.sidebar, reports bad values, and binds the new commands by name', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-cfg-'));
    try {
      fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ tui: { layout: 'main-stack', sidebar: false } }));
      expect(readTuiConfig(home)).toMatchObject({ layout: 'main-stack', sidebar: false, problems: [] });
      fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ tui: { layout: 'grid', sidebar: 'no' } }));
      expect(readTuiConfig(home).problems).toEqual(['tui.layout must be "tiled", "main-stack" or "single"', 'tui.sidebar must be true or false']);
      fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ tui: { maxPanes: 4 } }));
      expect(readTuiConfig(home)).toMatchObject({ maxPanes: 4, problems: [] });
      fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ tui: { maxPanes: 0 } }));
      expect(readTuiConfig(home)).toMatchObject({ problems: ['tui.maxPanes must be a whole number, 1 or more'] });
      expect(readTuiConfig(home).maxPanes).toBeUndefined();
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
    const keys = buildKeyTable({ bindings: { 'next-layout': 'L', 'toggle-sidebar': [], 'restart-agent': 'C-r' } });
    expect(keys.problems).toEqual([]);
    expect([keys.keys.get('L'), keys.keys.get('b'), keys.keys.get('C-r'), keys.keys.get('Space')]).toEqual(['next-layout', undefined, 'restart-agent', undefined]);
    expect([...buildKeyTable().keys.entries()].filter(([, c]) => ['show-exited', 'rename-agent', 'archive-agent', 'remove-agent', 'redraw'].includes(c)).map(([k]) => k)).toEqual(['e', ',', 'A', 'X', 'r']);
  });
});
