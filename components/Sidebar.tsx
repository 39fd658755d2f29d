/**
 * The agent list: title, status badge and attention marker, then provider and cwd (one row each when there are many);
 * the focused agent highlighted. When not every agent has a pane, the header counts those shown and a ◂ marks them.
 */
import { Box, Text } from 'ink';
import { sidebarHeader } from './sidebar-header.js';
import { StatusBadge } from './StatusBadge.js';
import type { ChromeModel } from './view-model.js';
import { sidebarEntry } from './sidebar-place.js';

function shortCwd(cwd: string, width: number): string {
  const home = process.env.HOME;
  const path = home && cwd.startsWith(home) ? `~${cwd.slice(home.length)}` : cwd;
  return path.length <= width ? path : `…${path.slice(path.length - width + 1)}`;
}

export function Sidebar({ model, width, height }: { model: Pick<ChromeModel, 'agents' | 'focusId' | 'onScreen' | 'sidebarList'>; width: number; height: number }) {
  const { agents, focusId, onScreen, sidebarList: list } = model;
  const inner = width - 3;
  const marking = agents.some((a) => !onScreen.includes(a.id));
  const shown = agents.slice(list.first, list.first + list.count);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="single" borderTop={false} borderLeft={false} borderBottom={false} borderColor="gray" overflow="hidden">
      <Text bold wrap="truncate">
        {sidebarHeader(agents, onScreen)}
      </Text>
      {agents.length === 0 ? (
        <Text color="gray" wrap="truncate">
          {' none yet'}
        </Text>
      ) : null}
      {shown.map((agent) => {
        const focused = agent.id === focusId;
        const visible = onScreen.includes(agent.id);
        // A child sits under its parent (the list is in that order); its second row says branch and worktree.
        const { title, head: second, place } = sidebarEntry(agent, agents);
        return (
          <Box key={agent.id} flexDirection="column" height={list.rowsPerAgent}>
            <Text wrap="truncate">
              <Text inverse={focused}>
                <StatusBadge status={agent.status} attention={agent.attention} />
                <Text color={marking && !visible && !focused ? 'gray' : undefined}>{title.slice(0, inner - 2).padEnd(inner - 2)}</Text>
              </Text>
              <Text color="cyan">{marking && visible ? '◂' : ' '}</Text>
            </Text>
            {list.rowsPerAgent === 2 ? (
              <Text color="gray" wrap="truncate">
                {`${second} ${shortCwd(place, Math.max(4, inner - second.length - 1))}`}
              </Text>
            ) : null}
          </Box>
        );
      })}
    </Box>
  );
}
