/** Focus movement by direction, tmux select-pane -L/-R/-U/-D: the nearest pane beyond the edge that overlaps most. */
import type { Direction, Rect } from './rect.js';
import type { PaneTile } from './tile-layout.js';

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/** The agent id to focus after moving from `fromId` in `direction`; `fromId` itself when nothing lies that way. */
export function moveFocus(panes: readonly PaneTile[], fromId: string, direction: Direction): string {
  const from = panes.find((p) => p.agentId === fromId);
  if (!from) return panes[0]?.agentId ?? fromId;
  const a = from.rect;
  let best: { id: string; distance: number; overlap: number; center: number } | undefined;
  for (const pane of panes) {
    if (pane.agentId === fromId) continue;
    const b = pane.rect;
    const horizontal = direction === 'left' || direction === 'right';
    const distance = gap(a, b, direction);
    if (distance < 0) continue;
    const shared = horizontal ? overlap(a.y, a.y + a.height, b.y, b.y + b.height) : overlap(a.x, a.x + a.width, b.x, b.x + b.width);
    if (shared <= 0) continue;
    const center = horizontal ? Math.abs(b.y - a.y) : Math.abs(b.x - a.x);
    const better =
      !best || distance < best.distance || (distance === best.distance && (shared > best.overlap || (shared === best.overlap && center < best.center)));
    if (better) best = { id: pane.agentId, distance, overlap: shared, center };
  }
  return best?.id ?? fromId;
}

/** Cells between a's edge and b's facing edge in `direction`; negative when b is not on that side. */
function gap(a: Rect, b: Rect, direction: Direction): number {
  switch (direction) {
    case 'left':
      return a.x - (b.x + b.width);
    case 'right':
      return b.x - (a.x + a.width);
    case 'up':
      return a.y - (b.y + b.height);
    case 'down':
      return b.y - (a.y + a.height);
  }
}
