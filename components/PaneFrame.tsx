/** One pane's border (cli-boxes via Ink) with the agent's title in the top edge; the inside is left to the compositor. */
import { Box, Text } from 'ink';
import cliBoxes from 'cli-boxes';
import type { AgentRecord } from '../src/core/agent.js';
import type { ChromeRect } from './view-model.js';

export interface PaneFrameProps {
  rect: ChromeRect;
  agent: AgentRecord | undefined;
  focused: boolean;
  note: string | undefined;
  pending: boolean;
  /** Text for the bottom edge (an exited agent's hint). */
  footer?: string | undefined;
}

export function PaneFrame({ rect, agent, focused, note, pending, footer }: PaneFrameProps) {
  const box = focused ? cliBoxes.bold : cliBoxes.single;
  const color = focused ? 'green' : 'gray';
  // The note (disconnected, scroll, zoom) goes right after the title so narrow panes still show it.
  const label = ` ${agent?.title ?? 'gone'}${note ? ` [${note}]` : ''}${agent ? ` · ${agent.provider} · ${agent.status}` : ''} `;
  const room = Math.max(0, rect.width - 3);
  const title = label.length > room ? label.slice(0, room) : label;
  const top = `${box.topLeft}${box.top}${title}${box.top.repeat(Math.max(0, rect.width - 3 - title.length))}${box.topRight}`;
  return (
    <Box flexDirection="column" width={rect.width} height={rect.height} flexShrink={0}>
      <Text color={color} bold={focused} wrap="truncate">
        {top}
      </Text>
      <Box width={rect.width} height={rect.height - 2} borderStyle={box} borderTop={false} borderBottom={false} borderColor={color} overflow="hidden">
        {pending ? (
          <Text color="gray" wrap="truncate">
            {'waiting for screen…'}
          </Text>
        ) : null}
      </Box>
      <Text color={color} wrap="truncate">
        {bottomEdge(box, rect.width, footer)}
      </Text>
    </Box>
  );
}

/** The bottom border, with `footer` set into it as the title is into the top one. */
export function bottomEdge(box: { bottomLeft: string; bottom: string; bottomRight: string }, width: number, footer: string | undefined): string {
  const room = Math.max(0, width - 3);
  const label = footer ? ` ${footer} `.slice(0, room) : '';
  return `${box.bottomLeft}${box.bottom}${label}${box.bottom.repeat(Math.max(0, width - 3 - label.length))}${box.bottomRight}`;
}
