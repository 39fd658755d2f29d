/** Tuning numbers, units in the names, each with the reason it has this value. */

export const Defaults = {
  /** The design's default listen address (DESIGN §2). */
  LISTEN: '127.0.0.1:6767',
  /** tmux-like default scrollback for each agent's headless terminal. */
  SCROLLBACK_LINES: 10_000,
  COLS: 80,
  ROWS: 24,
} as const;

export const Flow = {
  /** PTY output is gathered this long before it is parsed and fanned out (VS Code TerminalDataBufferer). */
  OUTPUT_COALESCE_MS: 5,
  /** Flush a coalesced chunk early once it is this big, so latency stays bounded under floods. */
  OUTPUT_COALESCE_MAX_CHARS: 64 * 1024,
  /** Pause the PTY while the headless parser has this much pending (xterm.js throws at 50 MB). */
  PTY_PAUSE_HIGH_CHARS: 2_000_000,
  /** Resume the PTY once the parser backlog falls below this. */
  PTY_RESUME_LOW_CHARS: 256 * 1024,
  /** A client whose unsent bytes exceed this is "behind": its deltas are dropped until it drains (tmux's rule). */
  CLIENT_QUEUE_MAX_BYTES: 4 * 1024 * 1024,
  /** A behind client gets its fresh snapshot once its socket buffer is below this. */
  CLIENT_RESYNC_BELOW_BYTES: 256 * 1024,
  /** How often a behind client's socket buffer is checked (tmux TTY_BLOCK_INTERVAL is 100 ms). */
  CLIENT_RESYNC_POLL_MS: 50,
} as const;

export const Snapshot = {
  /** Scrollback sent with a subscribe snapshot: ~1000 lines serialize in ~4 ms (perf.md §4); older history on demand. */
  SUBSCRIBE_SCROLLBACK_LINES: 1_000,
  /** Serialize at most this many lines per event-loop turn so the loop never blocks > 16 ms. */
  SERIALIZE_SLICE_LINES: 500,
  /** An agent's screen+scrollback is saved to disk at most this often while it prints. */
  SAVE_INTERVAL_MS: 2_000,
} as const;

export const Status = {
  /** shell/command agents: output within this window means "running". */
  QUIET_IDLE_MS: 700,
  /** How long after output settles the screen detector runs (debounce; no polling loop). */
  DETECT_DEBOUNCE_MS: 120,
} as const;

export const Protocol = {
  /** Largest message a client may send; bigger ones get `too_large` (DOS checklist). */
  MAX_MESSAGE_BYTES: 1024 * 1024,
  /** Seconds a client has to say hello before it is dropped. */
  HELLO_TIMEOUT_MS: 5_000,
  /** Keep-alive ping interval for idle sockets. */
  PING_INTERVAL_MS: 30_000,
} as const;

export const Daemon = {
  /** How long `paseo` waits for a freshly spawned daemon to answer health checks. */
  START_TIMEOUT_MS: 10_000,
  /** How long `daemon stop` waits for agents to exit after SIGTERM before SIGKILL. */
  STOP_GRACE_MS: 3_000,
} as const;
