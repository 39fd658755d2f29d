/** Contracts of the terminal layer, shared by its implementation and the supervisor. */
import type { Disposable } from '../core/disposable.js';
import type { Event } from '../core/event.js';
import type { ShellMark } from './shell-marks.js';
export type { ShellMark } from './shell-marks.js';
import type { TerminalView } from '../core/adapter.js';
import type { HistoryPage, HistoryReadOptions, TerminalSnapshot } from '../core/protocol.js';
import type { StoredRow } from './history/history-store.js';
export type { StoredRow } from './history/history-store.js';

/**
 * Where an agent's history file stands: its rows [fileFirst, end), written while the store had been cleared `clears`
 * times and the rows were numbered in `epoch` (a resize reflows the rows still live: those in the file are stale).
 */
export interface HistoryFileCursor {
  end: number;
  clears: number;
  epoch: number;
  fileFirst: number;
}

/** What a save writes: the screen as a snapshot, and the history rows above it (stored or live) the file does not have yet. */
export interface ScreenSaveState {
  /** historyEnd: the number of the snapshot's first live row (the history file's rows before it belong to it). */
  snap: Omit<TerminalSnapshot, 'agentId'> & { historyEnd: number; liveWrapped: boolean };
  history: {
    /** The file is rewritten from `first` (a first save, a clear, or a file grown past its bound) instead of appended to. */
    rewrite: boolean;
    first: number;
    rows: StoredRow[];
    cursor: HistoryFileCursor;
  };
}

export interface SpawnOptions {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

export interface ExitInfo {
  exitCode: number;
  signal?: number;
}

/**
 * One agent's screen: an @xterm/headless terminal with sequence-numbered output, snapshots and text
 * export. Exists with or without a live process (a dead agent restored from disk keeps its history).
 */
export interface Screen extends Disposable {
  readonly cols: number;
  readonly rows: number;
  /** Sequence number of the last output chunk written. */
  readonly seq: number;
  /** Date.now() of the last output from the program. */
  readonly lastOutputAt: number;
  readonly title: string;
  /** Fired after each coalesced chunk was handed to the parser, in order. */
  readonly onDidOutput: Event<{ seq: number; data: string }>;
  readonly onDidResize: Event<{ seq: number; cols: number; rows: number }>;
  readonly onDidChangeTitle: Event<string>;
  /** OSC 133 shell integration marks (prompt, command start/end with its status), each once its chunk is parsed. */
  readonly onDidShellMark: Event<ShellMark>;
  view(): TerminalView;
  /**
   * Serialized screen (+ up to scrollbackLines of history) consistent with `seq`: no output is
   * parsed while it is built. Large histories are serialized in slices so the event loop never
   * blocks for long.
   */
  snapshot(opts?: { scrollbackLines?: number }): Promise<Omit<TerminalSnapshot, 'agentId'>>;
  /** Screen and scrollback as text (ANSI kept when ansi=true), last `tail` lines when given. */
  text(opts?: { tail?: number; ansi?: boolean }): Promise<string>;
  /** A page of history rows by stable number (read-history.ts): the one way scroll mode, search and others read history. */
  readHistory(opts: HistoryReadOptions): Promise<HistoryPage>;
  /**
   * For the screen saver: the live part's snapshot and the history rows added since `since` (all of them without it),
   * consistent with each other, so a save never re-serializes the whole history.
   */
  saveState?(since?: HistoryFileCursor): Promise<ScreenSaveState>;
}

/** A live agent terminal: a PTY whose output feeds a Screen. */
export interface AgentTerminal extends Screen {
  readonly pid: number;
  readonly exited: boolean;
  readonly onDidExit: Event<ExitInfo>;
  /** Keystrokes from a client: go through the headless terminal's input path to the PTY. */
  input(data: string): void;
  /** Bytes straight to the PTY (prompt delivery by an adapter). */
  writeRaw(data: string): void;
  resize(cols: number, rows: number): void;
  /** Signal the whole process group (default SIGTERM); SIGKILL after graceMs if still alive. */
  kill(signal?: NodeJS.Signals, graceMs?: number): Promise<ExitInfo>;
  /** true when the terminal's foreground process group is not the root process (a shell running a command). */
  foregroundBusy(): boolean;
}
