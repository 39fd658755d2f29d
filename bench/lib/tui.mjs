// Helpers to run paseo's TUI inside an outer node-pty (the benchmark plays the user's terminal).
import fs from 'node:fs';
import pty from 'node-pty';
import { CLI, childEnv, dist } from './paseo.mjs';

export const SYNC_BEGIN = '\x1b[?2026h';
export const SYNC_END = '\x1b[?2026l';

export function tuiUnavailable() {
  for (const f of ['src/tui/run-tui.js', 'src/tui/tui-session.js', 'src/cli/open-tui.js']) if (!fs.existsSync(dist(f))) return `dist/${f} not built`;
  return undefined;
}

/** Outer terminal size that gives n tiled panes of pc×pr inside the TUI (sidebar 30 cols + separator, borders, status line). */
export function tuiSizeFor(pc, pr, gx, gy) {
  return { cols: 30 + gx * (pc + 2), rows: gy * (pr + 2) + 1 };
}

/** Spawns `paseo [attach id]` in a pty of cols×rows against the daemon d. */
export function spawnTui(d, { cols, rows, agentId, args = [] }) {
  // PASEO_BENCH_TUI_NODE_ARGS: extra node flags for the TUI process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to profile it.
  const nodeArgs = (process.env.PASEO_BENCH_TUI_NODE_ARGS || '').split(' ').filter(Boolean);
  const argv = [...nodeArgs, CLI, '--home', d.home, '--listen', d.listen, ...(agentId ? ['attach', agentId] : []), ...args];
  return pty.spawn(process.execPath, argv, { cols, rows, env: childEnv(), name: 'xterm-256color' });
}
