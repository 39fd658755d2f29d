/** Draws the tiled split tree as nested boxes of exact sizes, one PaneFrame per leaf. */
import { Box } from 'ink';
import type { AgentRecord } from '../src/core/agent.js';
import { PaneFrame } from './PaneFrame.js';
import type { ChromeTile } from './view-model.js';

export interface PaneTreeProps {
  tile: ChromeTile;
  agents: Map<string, AgentRecord>;
  focusId: string | undefined;
  notes: Record<string, string>;
  pending: Set<string>;
  footers?: Record<string, string>;
}

export function PaneTree({ tile, agents, focusId, notes, pending, footers = {} }: PaneTreeProps) {
  if (tile.kind === 'pane') {
    return (
      <PaneFrame rect={tile.rect} agent={agents.get(tile.agentId)} focused={tile.agentId === focusId} note={notes[tile.agentId]} pending={pending.has(tile.agentId)} footer={footers[tile.agentId]} />
    );
  }
  return (
    <Box flexDirection={tile.direction} width={tile.rect.width} height={tile.rect.height} flexShrink={0}>
      {tile.children.map((child) => (
        <PaneTree key={child.kind === 'pane' ? child.agentId : `${child.rect.x},${child.rect.y}`} tile={child} agents={agents} focusId={focusId} notes={notes} pending={pending} footers={footers} />
      ))}
    </Box>
  );
}
