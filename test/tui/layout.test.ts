import { describe, expect, it } from 'vitest';
import { tileLayout, maxTiles } from '../../src/tui/layout/tile-layout.js';
import { moveFocus } from '../../src/tui/layout/move-focus.js';
import { screenLayout } from '../../src/tui/layout/screen-layout.js';
import { splitEvenly, innerRect } from '../../src/tui/layout/rect.js';

const area = { x: 22, y: 0, width: 58, height: 23 };

function covered(panes: { rect: { x: number; y: number; width: number; height: number } }[]): number {
  return panes.reduce((n, p) => n + p.rect.width * p.rect.height, 0);
}

describe('tileLayout', () => {
  it('gives one agent the whole area', () => {
    const { panes } = tileLayout(['a'], area);
    expect(panes).toEqual([{ agentId: 'a', rect: area }]);
  });

  it('puts two agents side by side, three as 2 over 1, four as 2x2, covering the area without overlap', () => {
    const two = tileLayout(['a', 'b'], area).panes;
    expect(two.map((p) => p.rect)).toEqual([
      { x: 22, y: 0, width: 29, height: 23 },
      { x: 51, y: 0, width: 29, height: 23 },
    ]);
    const three = tileLayout(['a', 'b', 'c'], area).panes;
    expect(three.map((p) => [p.rect.x, p.rect.y, p.rect.width, p.rect.height])).toEqual([
      [22, 0, 29, 12],
      [51, 0, 29, 12],
      [22, 12, 58, 11],
    ]);
    for (const n of [1, 2, 3, 4, 5, 7, 9]) {
      const ids = Array.from({ length: n }, (_, i) => `a${i}`);
      expect(covered(tileLayout(ids, area).panes)).toBe(area.width * area.height);
    }
  });

  it('zooms one pane to the full area and keeps the split tree for the chrome', () => {
    const zoomed = tileLayout(['a', 'b', 'c'], area, 'b');
    expect(zoomed.panes).toEqual([{ agentId: 'b', rect: area }]);
    const tree = tileLayout(['a', 'b', 'c'], area).root;
    expect(tree?.kind).toBe('split');
    if (tree?.kind === 'split') expect(tree.children.map((c) => c.kind)).toEqual(['split', 'pane']);
  });

  it('ignores a zoom on an agent that is not shown, and lays out nothing in an empty area', () => {
    expect(tileLayout(['a', 'b'], area, 'zz').panes).toHaveLength(2);
    expect(tileLayout(['a'], { x: 0, y: 0, width: 0, height: 5 }).panes).toEqual([]);
  });

  it('bounds the number of tiles by the minimum pane size', () => {
    expect(maxTiles({ x: 0, y: 0, width: 58, height: 23 })).toBe(9);
    expect(maxTiles({ x: 0, y: 0, width: 20, height: 6 })).toBe(1);
  });
});

describe('moveFocus', () => {
  const panes = tileLayout(['a', 'b', 'c', 'd', 'e'], { x: 0, y: 0, width: 90, height: 30 }).panes;
  // a b c
  // d   e  (widened)
  it('moves left/right/up/down to the adjacent pane', () => {
    expect(moveFocus(panes, 'a', 'right')).toBe('b');
    expect(moveFocus(panes, 'b', 'left')).toBe('a');
    expect(moveFocus(panes, 'a', 'down')).toBe('d');
    expect(moveFocus(panes, 'e', 'up')).toBe('c');
    expect(moveFocus(panes, 'd', 'right')).toBe('e');
  });
  it('stays put at an edge, and falls back to the first pane for an unknown id', () => {
    expect(moveFocus(panes, 'a', 'left')).toBe('a');
    expect(moveFocus(panes, 'a', 'up')).toBe('a');
    expect(moveFocus(panes, 'nope', 'up')).toBe('a');
  });
  it('prefers the pane overlapping most when several touch the edge', () => {
    // b spans x 30..60; below it d spans 0..45 and e 45..90: d overlaps 15, e overlaps 15 → nearest start wins.
    expect(['d', 'e']).toContain(moveFocus(panes, 'b', 'down'));
    expect(moveFocus(panes, 'c', 'down')).toBe('e');
  });
});

describe('screenLayout', () => {
  it('80x24: narrow sidebar, pane area, one status row', () => {
    const l = screenLayout(80, 24);
    expect(l.tooSmall).toBe(false);
    expect(l.sidebar).toEqual({ x: 0, y: 0, width: 22, height: 23 });
    expect(l.main).toEqual({ x: 22, y: 0, width: 58, height: 23 });
    expect(l.status).toEqual({ x: 0, y: 23, width: 80, height: 1 });
  });
  it('120x40 gets the wide sidebar; 50 columns drop it; 39x10 is too small', () => {
    expect(screenLayout(120, 40).sidebar?.width).toBe(30);
    expect(screenLayout(50, 20).sidebar).toBeUndefined();
    expect(screenLayout(39, 10).tooSmall).toBe(true);
    expect(screenLayout(40, 9).tooSmall).toBe(true);
  });
});

describe('rect helpers', () => {
  it('splits evenly with the remainder first and shrinks by the border', () => {
    expect(splitEvenly(10, 3)).toEqual([4, 3, 3]);
    expect(innerRect({ x: 1, y: 2, width: 10, height: 5 })).toEqual({ x: 2, y: 3, width: 8, height: 3 });
  });
});
