/** Starts a program in a PTY with its own headless screen. Throws PtyError (context: file, args, cwd) when it cannot start. */
import type { AgentTerminal, SpawnOptions } from './types.js';
import { HeadlessScreen, type ScreenOptions } from './headless-screen.js';
import { PtyAgentTerminal } from './agent-terminal.js';
import { spawnPty } from './pty-host.js';
import type { FlowGateOptions } from './flow-gate.js';

export interface SpawnAgentTerminalOptions extends SpawnOptions {
  scrollback?: number;
  /** A saved screen shown above the new program's output (a resumed agent keeps its history). */
  restore?: ScreenOptions['restore'];
  /** Flow-control watermarks (defaults: Flow.PTY_PAUSE_HIGH_CHARS / PTY_RESUME_LOW_CHARS). */
  flow?: FlowGateOptions;
}

export function spawnAgentTerminal(opts: SpawnAgentTerminalOptions): AgentTerminal {
  return spawnPtyAgentTerminal(opts);
}

/** The same, typed as the concrete class (tests and the TUI's frame renderer reach the headless screen). */
export function spawnPtyAgentTerminal(opts: SpawnAgentTerminalOptions): PtyAgentTerminal {
  const pty = spawnPty(opts);
  const screen = new HeadlessScreen({ cols: opts.cols, rows: opts.rows, scrollback: opts.scrollback, restore: opts.restore });
  return new PtyAgentTerminal(pty, screen, opts.flow);
}
