/** Tuning numbers, units in the names, each with the reason it has this value. */

export const Defaults = {
  /** The design's default listen address (DESIGN §2). */
  LISTEN: '127.0.0.1:6767',
  /** tmux-like default scrollback for each agent's headless terminal. */
  SCROLLBACK_LINES: 10_000,
  COLS: 80,
  ROWS: 24,
  /** The daemon's unix socket in PASEO_HOME: local clients reach it without a WebSocket (server/line-socket.ts). */
  SOCKET_FILE: 'paseo.sock',
} as const;

export const Flow = {
  /** Output gathered while the parser is busy goes early once it is this big, so latency stays bounded under floods. */
  OUTPUT_COALESCE_MAX_CHARS: 64 * 1024,
  /** Pause the PTY while the headless parser has this much pending (xterm.js throws at 50 MB). */
  PTY_PAUSE_HIGH_CHARS: 2_000_000,
  /** Read size for the output left in a PTY when its program exited (a PTY holds a few KB; what node-pty reads too). */
  PTY_EXIT_READ_CHUNK_BYTES: 64 * 1024,
  /** At most this much is read then: a job of the program still writing (`yes &`) must not keep the loop going. */
  PTY_EXIT_READ_MAX_BYTES: 1024 * 1024,
  /**
   * Writes to a PTY up to this long (keystrokes, query replies) go straight to its fd when nothing is queued: node-pty's
   * threadpool write added ~0.13 ms to a 0.3 ms echo. Larger ones (pastes, prompts) use node-pty's queue.
   */
  PTY_DIRECT_WRITE_MAX_CHARS: 1_024,
  /** Resume the PTY once the parser backlog falls below this. */
  PTY_RESUME_LOW_CHARS: 256 * 1024,
  /** A client whose unsent bytes exceed this is "behind": its deltas are dropped until it drains (tmux's rule). */
  CLIENT_QUEUE_MAX_BYTES: 4 * 1024 * 1024,
  /** A behind client gets its fresh snapshot once its socket buffer is below this. */
  CLIENT_RESYNC_BELOW_BYTES: 256 * 1024,
  /** How often a behind client's socket buffer is checked (tmux TTY_BLOCK_INTERVAL is 100 ms). */
  CLIENT_RESYNC_POLL_MS: 50,
  /** A client that stays behind this long (never drains) is disconnected, like tmux's "too far behind" for control clients. */
  CLIENT_MAX_BEHIND_MS: 300_000,
  /**
   * Deltas for one client that follow each other within this window (any of its terminals streaming) are sent as one
   * `batch` frame when it ends; the first after a quiet window goes at once. A TUI draws at most 30 frames/s, and one
   * frame instead of one per chunk per agent saves a socket write here and a wake-up there (4 panes at 100 chunks/s
   * each were 400 frames/s). Keys typed further apart than this are each a leading edge: their echo is not held.
   */
  CLIENT_BATCH_WINDOW_MS: 16,
  /** After a client types into a terminal, that terminal's deltas skip the window this long: an echo is never held behind other panes' output. */
  CLIENT_BATCH_ECHO_MS: 250,
  /** A batch this big goes out at once: under a flood each coalesced chunk is already large enough. */
  CLIENT_BATCH_MAX_BYTES: 64 * 1024,
  /**
   * Everything queued for one client (socket buffer, gathered deltas, large replies still being encoded) is bounded by
   * this. Replies and events cannot be dropped like deltas, so a client past it is not reading: it is told why and
   * disconnected. A full 10k-line log is 1–3 MB, so a client that reads never comes near it.
   */
  CLIENT_SEND_MAX_BYTES: 32 * 1024 * 1024,
  /**
   * Requests one connection may have in flight; one more is answered `busy` at once and not run (HTTP/2's concurrent
   * stream limit). A TUI keeps a few (a subscribe per pane, a list), an orchestrating client a wait per agent; 32 caps
   * the replies a single client can have the daemon compute at once (32 full 10k-line logs ≈ 64 MB).
   */
  CLIENT_MAX_REQUESTS_IN_FLIGHT: 32,
  /** After a goodbye (error message + close) a peer that neither reads nor closes is dropped this much later. */
  CLIENT_CLOSE_GRACE_MS: 5_000,
} as const;

export const Snapshot = {
  /** Scrollback sent with a subscribe snapshot: ~1000 lines serialize in ~4 ms (perf.md §4); older history on demand. */
  SUBSCRIBE_SCROLLBACK_LINES: 1_000,
  /**
   * Lines in the first slice of a sliced serialize and in its last one (the screen's): small, because the first
   * slice runs cold (unoptimized, 100 lines blocked 30 ms once on a loaded 2-core box); later slices grow from there.
   */
  SERIALIZE_SLICE_LINES: 50,
  /** Later slices are sized from the measured cost to take about this long (ms), well under one 16 ms frame. */
  SERIALIZE_SLICE_BUDGET_MS: 4,
  /** Histories up to this many lines serialize in one synchronous call; anything larger is sliced (1000 lines blocked 30+ ms under load). */
  SYNC_SERIALIZE_MAX_LINES: 100,
  /**
   * Serialized history is cached in blocks of this many rows (history-cache.ts). A snapshot still serializes up to
   * about one block of the newest rows and part of one at the top of its window; each block costs a screenful of
   * extra rows once, when it is made.
   */
  HISTORY_CACHE_BLOCK_LINES: 100,
  /** The cache keeps at most this many rows per agent: twice a subscribe's window, so it still covers it after output moved it. */
  HISTORY_CACHE_MAX_LINES: 2_000,
  /** ...and at most this many UTF-16 chars per agent (≤ 1 MiB), however heavily styled the rows are (~80 chars/row for a build log). */
  HISTORY_CACHE_MAX_CHARS: 512 * 1024,
  /** A screen keeps its last snapshot (of more than SYNC_SERIALIZE_MAX_LINES) for reuse while its seq is unchanged, if at most this many chars (a 1000-line build log is ~77K). */
  SNAPSHOT_MEMO_MAX_CHARS: 256 * 1024,
  /**
   * A snapshot frame larger than this (UTF-16 chars of data) is JSON-escaped and UTF-8-encoded in pieces of this size,
   * one event-loop turn per SERIALIZE_SLICE_BUDGET_MS of work: a 10k-line snapshot (750K chars) took ~10 ms in one go
   * (stringify 3.5 + UTF-8 5 + join 1.5 on a loaded 2-core box), which pushed the daemon's worst stall past 16 ms.
   */
  SNAPSHOT_ENCODE_CHUNK_CHARS: 64 * 1024,
  /**
   * Rows read from the history store per event-loop turn for a snapshot or an ANSI export: 9 000 stored rows read in one
   * go (inflating their blocks) held the daemon for 18-26 ms next to a 10k-line subscribe, past a 16 ms frame.
   */
  STORED_READ_SLICE_ROWS: 1_000,
  /** Plain-text export (`agent.logs`) reads at most this many buffer rows per event-loop turn (10k rows took 75–370 ms in one go under load). */
  TEXT_SLICE_ROWS: 250,
  /** Output that comes in bursts is saved at most this often when it pauses (a shell's keystroke echoes need not each cost a save). */
  SAVE_INTERVAL_MS: 500,
  /**
   * A save waits until output paused this long: it serializes up to 10k lines and holds output meanwhile, which in a
   * flood stalled parsing and cost ~30 % of the daemon's CPU (profile of the 20 MiB build-log throughput run).
   */
  SAVE_QUIET_MS: 250,
  /**
   * ...but the history on disk lags the output by at most about this long, so a daemon `kill -9` loses at most ~1 s
   * of it: a program that prints without pause is saved this long (less a save's own duration) after its oldest
   * unsaved output. A 10k-line save measured 40-65 ms (serialize) + ~1 ms (JSON) + 3-10 ms (write, off the thread).
   */
  SAVE_MAX_LAG_MS: 1_000,
  /** Pause-triggered saves are spaced at least this many times their own duration apart (under ~5 % of a core). */
  SAVE_COST_FACTOR: 20,
  /**
   * A screen log (one JSON line per save, supervisor/screen-log.ts) is rewritten with its newest line past this: an
   * 80x24 screen's line is ~2-6 KB, so one save in ~10-30 pays for a rename, and a restart reads at most twice this.
   */
  SCREEN_LOG_MAX_BYTES: 64 * 1024,
  /** Screen logs and history files kept open for appends (two per printing agent); past it the least recently used close. */
  APPEND_FILES_OPEN_MAX: 256,
} as const;

export const History = {
  /**
   * A history.read page holds at most this many rows: an ANSI row costs ~20 µs to serialize, so one page keeps the
   * daemon busy for at most ~20 ms however a client asks.
   */
  READ_MAX_LINES: 1_000,
} as const;

/** An agent's history beyond its live xterm buffer (src/terminal/history/). */
export const HistoryStore = {
  /**
   * Scrollback rows kept as xterm cells (12 bytes a cell, every column: ~1 MB at 80 columns); older rows move to the
   * compact store. xterm's scroll of a full buffer costs more the larger it is (a 10 000-row buffer dominated `seq`'s
   * profile, 1 000 rows ran it at 0.84× tmux), and a subscribe's default snapshot (1 000 rows) still comes from cells.
   */
  LIVE_LINES: 1_000,
  /** The store's depth when none is given: the user's scrollbackLines. */
  DEFAULT_MAX_LINES: 10_000,
  /**
   * Bytes one agent's store may hold (deflated blocks): 100 000 rows of a coloured build log take ~2 MB; output that
   * does not compress (random bytes) stops here (~80 000 rows of 100 bytes), so 100 agents stay under ~1 GB.
   */
  MAX_BYTES: 8 * 1024 * 1024,
  /** Rows per deflated block: large enough to compress well, small enough that one page read inflates ~25 KB. */
  BLOCK_LINES: 256,
  /**
   * A block of short rows gathers more than BLOCK_LINES, until it holds this many bytes (at most 16× BLOCK_LINES rows):
   * each deflate call costs ~20 µs however small its input, which was ~8 % of the daemon's CPU on `seq` (2 KB blocks).
   */
  BLOCK_MIN_BYTES: 16 * 1024,
  /**
   * Blocks deflating on libuv's pool at once, over all agents (its 4 threads); one more is deflated on the spot. Keeps
   * the blocks held as plain UTF-8 meanwhile few, and file reads and writes from queueing behind a flood's deflates.
   */
  ASYNC_DEFLATES_MAX: 4,
} as const;

export const Pty = {
  /** AgentTerminal.kill waits this long after the first signal before SIGKILLing what is left of the session. */
  KILL_GRACE_MS: 2_000,
  /** TERM given to agents unless their env sets one: what @xterm/headless emulates. */
  TERM: 'xterm-256color',
} as const;

export const Status = {
  /** shells without status marks (sh, dash, fish): output within this window means "running". */
  QUIET_IDLE_MS: 700,
  /** How long after output settles the screen detector runs (debounce; no polling loop). */
  DETECT_DEBOUNCE_MS: 120,
  /**
   * A bash/zsh agent is 'starting', holding prompts, until its first prompt mark (OSC 133), however slow its rc. One
   * that shows none for this long has lost paseo's hook (an rc that execs another shell): status falls back to the
   * screen and held prompts are typed.
   */
  SHELL_READY_TIMEOUT_MS: 120_000,
  /**
   * After a command's end mark (D) the shell is back at its prompt once the prompt's end mark (B) arrives; a user's
   * PROMPT_COMMAND / precmd runs in between (a git prompt can take a few hundred ms). If B never comes (a prompt that
   * drops paseo's mark), D alone counts after this long.
   */
  SHELL_PROMPT_MARK_WAIT_MS: 3_000,
  /**
   * After a CLI's turn-end hook, the turn counts as done once its screen settles showing the answer and no spinner;
   * a screen the detector never reads as idle (an unknown theme, a cut-off answer) ends it after this anyway.
   */
  TURN_END_SCREEN_MAX_MS: 15_000,
  /**
   * A permission dialog on the screen of a CLI whose hooks report permissions counts only once it has stayed this
   * long: each of these CLIs reports every dialog through a hook, so the screen is only a fallback for a lost one.
   * 1 s was too short: under load (15 on 2 cores) OpenCode's dialog stayed up over a second while the bridge's
   * call reached the daemon and the policy's allow went back, and the agent showed 'waiting' for an allowed edit.
   */
  SCREEN_WAITING_CONFIRM_MS: 5_000,
} as const;

export const Protocol = {
  /** Largest message a client may send; bigger ones get `too_large` (DOS checklist). */
  MAX_MESSAGE_BYTES: 1024 * 1024,
  /**
   * `ws` receives WebSocket messages up to this, so one over MAX_MESSAGE_BYTES still gets its `too_large` reply; a
   * bigger frame is refused by `ws` from its header alone (close 1009), never buffered.
   */
  WS_MAX_PAYLOAD_BYTES: 4 * 1024 * 1024,
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

export const Prompt = {
  /** Pause between pasting a prompt and pressing Enter: TUIs that detect paste by timing otherwise swallow the Enter. */
  PART_GAP_MS: 60,
  /** After a paste, Enter waits until the program has echoed it (this long without output): a loaded TUI still parsing the paste swallows an early Enter. */
  PART_QUIET_MS: 80,
  /** Upper bound on that wait, for a program that never goes quiet. */
  PART_GAP_MAX_MS: 1_500,
  /**
   * Upper bound while waiting for the pasted text itself to show before Enter. Claude Code still drawing its start
   * screen took 0.1–0.4 s to show a paste on an idle 2-core box, longer under load; an Enter sent earlier is lost.
   * A paste the TUI shows some other way (no known placeholder) pays this once.
   */
  PASTE_ECHO_MAX_MS: 4_000,
  /** How many trailing characters of a prompt's last line count as its echo on screen. */
  ECHO_NEEDLE_CHARS: 24,
  /** How long prompt delivery waits for an adapter's readyPattern before typing anyway (slow CLI start). */
  READY_TIMEOUT_MS: 30_000,
  /** Once the ready pattern shows, output must settle before typing, but an animated TUI is typed into after this anyway. */
  READY_SETTLE_MAX_MS: 1_000,
  /**
   * After Enter, how long the typed prompt may sit in an input box with no turn-start hook before Enter is pressed
   * again (adapters with emptyInputPattern). Gemini redraws its empty box within ~50 ms of a taken Enter; under CI
   * load it once dropped one and the prompt sat unsent for good.
   */
  SUBMIT_CONFIRM_MS: 1_500,
  /** How many extra Enters prompt delivery presses before it leaves a prompt in the box. */
  SUBMIT_RETRIES: 2,
  /** After an interrupt, how long a queued prompt waits for the agent to settle before it is typed anyway. */
  INTERRUPT_SETTLE_MS: 2_000,
} as const;

export const Approval = {
  /**
   * An unanswered approval is denied after this (fail closed). A human answers, maybe from a phone, so it is long:
   * the CLIs' approval hook deadline (Adapters.APPROVAL_HOOK_TIMEOUT_S, 1 h) less twice the relay margin, so the
   * daemon's deny arrives before the relay gives up and long before the CLI's own timeout would let the tool run.
   */
  DECIDE_TIMEOUT_MS: 3_570_000,
  /** Requests that stopped waiting (cancelled) remembered by id, so a late decision is told why; old ones are forgotten. */
  GONE_REQUESTS_REMEMBERED: 256,
  /** Tool calls per agent whose decision a follow-up hook may still ask for (Codex's PermissionRequest after PreToolUse); cleared each turn. */
  CALL_DECISIONS_PER_AGENT: 256,
  /** Unchanged lines shown around each change in an approval's diff: enough to place it, as `git diff` shows. */
  DETAIL_CONTEXT_LINES: 3,
  /** A file bigger than this is not read for an approval's diff (the detail says so): diffing it would stall the daemon. */
  DETAIL_MAX_FILE_BYTES: 4 * 1024 * 1024,
  /** Screen lines an "asks on its screen" queue item carries: the prompt and what led to it. */
  SCREEN_ASK_LINES: 8,
} as const;

export const Server = {
  /** Whole-request and header deadlines for HTTP: a slowloris socket is dropped instead of held forever (security HS-6). */
  HTTP_REQUEST_TIMEOUT_MS: 10_000,
  /** Largest accepted IDs and sizes from a client: a resize outside 1..this is refused (security DOS-8). */
  MAX_TERMINAL_DIMENSION: 1_000,
} as const;

export const Auth = {
  /** Pairing code lifetime when `paseo pair` is given no --ttl: long enough to scan a QR code, short enough to be no standing secret. */
  PAIR_DEFAULT_TTL_MS: 10 * 60_000,
  /** Longest --ttl accepted: a pairing code is for the next few minutes, never a standing credential. */
  PAIR_MAX_TTL_MS: 24 * 3_600_000,
  /** Pairing code size: 128 bits, beyond guessing even without the backoff (security AUTH-1). */
  PAIR_CODE_BYTES: 16,
  /** Device credential size: 256 bits, as the local token. */
  DEVICE_CREDENTIAL_BYTES: 32,
  /** Failed pairings/authentications one address may make before it must wait (code-server's limiter is per address too). */
  BACKOFF_FREE_FAILURES: 5,
  /** First wait after the free failures; doubles with each further failure. */
  BACKOFF_BASE_MS: 1_000,
  /** Longest wait: an attacker gains nothing more and a mistyped owner is back within minutes. */
  BACKOFF_MAX_MS: 5 * 60_000,
  /** A device's lastSeenAt is written at most this often (a connect per reload would rewrite devices.json each time). */
  LAST_SEEN_WRITE_MS: 60_000,
} as const;

export const Reconnect = {
  /** First retry after the daemon went away: a restart is usually back within tens of ms. */
  INITIAL_DELAY_MS: 50,
  /** Backoff cap: a TUI notices a restarted daemon within about a second. */
  MAX_DELAY_MS: 1_000,
  /**
   * Terminal subscriptions renewed at once after a reconnect; the rest follow as they are answered. A TUI of 64 panes
   * sent 64 at once and the daemon refused those past its per-connection limit (Flow.CLIENT_MAX_REQUESTS_IN_FLIGHT).
   */
  RESUBSCRIBES_IN_FLIGHT: 8,
} as const;

export const Tui = {
  /** Below this the TUI shows "window too small" instead of a layout that cannot hold a usable pane. */
  MIN_COLS: 40,
  MIN_ROWS: 10,
  /** At most this many compositor frames per second (DESIGN §5): smooth to the eye, bounded CPU. */
  MAX_FPS: 30,
  /**
   * For this long after a keystroke frames may follow each other ECHO_FRAME_GAP_MS apart instead of 1/MAX_FPS: the
   * key's echo often comes right behind another frame (the record update it caused), and waiting out a whole 33 ms
   * slot for it is what a typist feels. Long enough for the round trip through the daemon on a loaded machine.
   */
  ECHO_WINDOW_MS: 100,
  ECHO_FRAME_GAP_MS: 4,
  /** Sidebar width in columns on wide and on narrow windows; hidden below SIDEBAR_MIN_TOTAL_COLS. */
  SIDEBAR_WIDE_COLS: 30,
  SIDEBAR_NARROW_COLS: 22,
  SIDEBAR_WIDE_FROM_COLS: 110,
  SIDEBAR_MIN_TOTAL_COLS: 60,
  /**
   * Scrollback each TUI mirror asks for and keeps: none. A pane shows the screen; scroll mode and search page the
   * history from the daemon; a resize (where a taller screen pulls history back into view) brings a fresh snapshot.
   * 1 000 lines per pane were parsed at every subscribe (~40 ms a pane on a loaded machine, 64 panes on a big window)
   * and grew to 5 000 lines of cells per pane that nothing drew.
   */
  MIRROR_SCROLLBACK_LINES: 0,
  /**
   * Pane subscriptions the TUI has in flight at once; the rest wait their turn. The daemon answers a connection's
   * requests past Flow.CLIENT_MAX_REQUESTS_IN_FLIGHT (32) `busy`, and a tiled TUI on a big window shows up to 64 panes:
   * all subscribed at once, half were refused and stayed "waiting for screen", with the agent list and health refused too.
   */
  MIRROR_SUBSCRIBES_IN_FLIGHT: 8,
  /** A refused pane subscription is tried again after this, doubling up to MIRROR_RETRY_MAX_MS (the agent may be starting). */
  MIRROR_RETRY_MS: 200,
  MIRROR_RETRY_MAX_MS: 5_000,
  /** Scroll mode fetches history from the daemon in pages of this many ANSI rows (~4 ms of daemon work each). */
  SCROLL_PAGE_LINES: 200,
  /** Search reads history as plain text in pages of this many rows (cheap to make: no SGR). */
  SEARCH_PAGE_LINES: 1_000,
  /** How long a status-line message (errors, confirmations) stays up. */
  MESSAGE_MS: 4_000,
  /** Wheel lines per notch in scroll mode. */
  WHEEL_LINES: 3,
  /**
   * ms after start at which the TUI loads Ink (the full chrome) even if the agent list or the panes' screens have not
   * arrived. Loading Ink blocks the event loop ~250 ms (perf.md §6), so normally it waits for them to be drawn first with
   * the plain chrome; this bounds how long a slow daemon keeps the plain chrome up.
   */
  INK_LOAD_DELAY_MS: 300,
  /** Main + stack layout: the main pane's share of the pane area's width; the rest is the stack (tmux main-vertical). */
  MAIN_PANE_WIDTH_PERCENT: 60,
  /** A stray write captured while the TUI runs is logged up to this many characters: a runaway library must not fill the log. */
  STRAY_LOG_MAX_CHARS: 4_000,
} as const;

export const Adapters = {
  /** `<cli> --version` gets this long; Gemini's bundle takes ~1 s cold, a hung CLI must not stall `provider ls`. */
  VERSION_PROBE_TIMEOUT_MS: 8_000,
  /**
   * Deadline the agent CLI is given for an approval hook (Claude/Codex timeouts are in seconds). Long, because a
   * human answers; a CLI whose hook times out lets the tool run, so the relay must answer first (RELAY_MARGIN_MS).
   */
  APPROVAL_HOOK_TIMEOUT_S: 3_600,
  /** The relay denies this long before the CLI's own hook deadline, so the CLI never sees a timeout (HOOK-2). */
  RELAY_MARGIN_MS: 15_000,
  /** Status hooks (Stop, Notification, SessionStart) are fire-and-forget; a dead daemon must not hold a turn long. */
  STATUS_HOOK_TIMEOUT_S: 10,
  /** How long the relay waits to connect before it calls the daemon unreachable and answers deny. */
  RELAY_CONNECT_TIMEOUT_MS: 2_000,
} as const;

export const OpenCode = {
  /** The bridge retries OpenCode's event stream this often until its server is up (it takes 4–6 s to start, more under load). */
  CONNECT_RETRY_MS: 150,
  /** An event-stream request OpenCode has not answered in this long is retried: one made during its boot can hang for good. */
  STREAM_CONNECT_TIMEOUT_MS: 2_000,
  /** A connected stream silent this long is dead (OpenCode sends server.heartbeat about every 10 s): reconnect. */
  STREAM_IDLE_TIMEOUT_MS: 35_000,
  /** Status events to the daemon are fire-and-forget: a dead daemon must not back up the bridge's queue for long. */
  STATUS_POST_TIMEOUT_MS: 5_000,
  /** A permission hook call is rejected after this (the daemon's own deadline, Approval.DECIDE_TIMEOUT_MS, comes first). */
  PERMISSION_POST_TIMEOUT_MS: 3_600_000,
  /** Replies to OpenCode's own API (permission reply, pending list) are local and quick; a hung server must not stall the bridge. */
  API_TIMEOUT_MS: 5_000,
  /**
   * How long a permission waits for its call's input to stream (an MCP tool asks just before OpenCode publishes it,
   * within milliseconds; generous for a loaded machine). Past it the request goes with the tool's name alone.
   */
  TOOL_INPUT_WAIT_MS: 2_000,
  /** On SIGTERM/SIGHUP the bridge waits this long for OpenCode to exit before it goes itself (the PTY kill SIGKILLs stragglers). */
  CHILD_EXIT_GRACE_MS: 3_000,
  /** Tool inputs remembered for permission requests (by call id): a bound, not a cache that grows with a long session. */
  MAX_REMEMBERED_TOOL_CALLS: 200,
} as const;

export const Diff = {
  /** Git's binary test reads this many bytes for a NUL: an untracked file is never read further to decide. */
  BINARY_SNIFF_BYTES: 8_000,
  /** An untracked file's lines are counted (and shown) from at most this much of it: a huge log stays cheap. */
  UNTRACKED_READ_MAX_BYTES: 1024 * 1024,
  /** Untracked files opened to count lines, per diff; past it they are listed with no count (a big unignored tree). */
  UNTRACKED_COUNT_MAX_FILES: 1_000,
  /** Files whose size and mtime go into the change fingerprint: bounded work per poll on a repo with many changes. */
  FINGERPRINT_STAT_MAX_FILES: 2_000,
  /** Files per `agent.diff` page when the caller names no limit. */
  FILES_PAGE_MAX: 500,
  /** git's diff of one file is read up to this many bytes, then git is stopped: a rewritten huge file never fills memory. */
  FILE_DIFF_MAX_BYTES: 8 * 1024 * 1024,
  /** Diff lines of one file per page when the caller names no limit; the rest is "N more lines". */
  FILE_LINES_MAX: 2_000,
  /** The daemon checks `git status` this often while a client waits for a change (only then): cheap, and quick enough to feel live. */
  POLL_INTERVAL_MS: 700,
  /** A diff wait answers "unchanged" after this long; the client asks again (bounds a wait whose client went away). */
  WAIT_MAX_MS: 30_000,
} as const;

export const Worktrees = {
  /** The tail of a setup/teardown command's output kept for the caller: enough to see why it failed, bounded for a chatty build. */
  SETUP_OUTPUT_MAX_CHARS: 20_000,
} as const;

export const Mcp = {
  /**
   * A blocking tool call (create_agent, send_agent_prompt, wait_for_agent) sends a progress notification this often,
   * so an MCP client's request timeout (often 60 s, reset by progress) never fires on a long task.
   */
  PROGRESS_INTERVAL_MS: 15_000,
  /** Lines of the agent's screen returned as its last answer. */
  ANSWER_TAIL_LINES: 40,
  /** Lines of a child's last answer put in the notification delivered to its parent. */
  NOTIFY_ANSWER_LINES: 8,
} as const;

export const Viewer = {
  /** Frames go at most every clamp(RTT/2, MIN, MAX) (mosh's rule): never faster than a screen refresh needs… */
  FRAME_MIN_INTERVAL_MS: 20,
  /** …and never slower than this while the screen changes, however slow the link looks. */
  FRAME_MAX_INTERVAL_MS: 250,
  /** The first frame after a quiet screen waits this long, so a burst's first redraw is one frame, not several. */
  FIRST_FRAME_DELAY_MS: 4,
  /** Frames in flight before the daemon waits for an ack (mosh keeps the pipe at most this full). */
  MAX_UNACKED_FRAMES: 2,
  /** RTT assumed before the first ack: a 4G link. */
  INITIAL_RTT_MS: 100,
  /** While a frame cannot go (socket not drained, too many unacked), recheck this often. */
  DRAIN_POLL_MS: 10,
  /** An ack this late means it was lost (a reconnect): the frame no longer counts as in flight. */
  ACK_TIMEOUT_MS: 5_000,
  /** Screen states kept per agent for viewers that reconnect naming the last frame they applied. */
  RECENT_STATES: 32,
  /** The viewers' mirror only needs the screen; a little history keeps row numbering (scroll counts) exact. */
  MIRROR_SCROLLBACK_LINES: 200,
  /** An agent's mirror outlives its last viewer this long: a phone back from sleep resumes with a diff, not a full screen. */
  SOURCE_LINGER_MS: 120_000,
} as const;

export const Audit = {
  /**
   * audit.log is rotated (to audit.log.1, .2, …) once it passes this: big enough for weeks of requests (a line is
   * ~400 bytes), small enough that `paseo audit --verify` reads a file in well under a second.
   */
  MAX_FILE_BYTES: 8 * 1024 * 1024,
  /** Rotated files kept (audit.log.1 … .N): ~80 MiB of history; older ones are deleted, the chain starts at the oldest kept. */
  KEEP_ROTATED_FILES: 10,
  /** A summary longer than this is cut (with …): the log records what was asked, the content hash binds the rest. */
  SUMMARY_MAX_CHARS: 300,
  /** The tail read at startup to find the chain's last line: longer than any line (summaries are cut). */
  TAIL_READ_BYTES: 64 * 1024,
} as const;

export const Schedules = {
  /** Longest single timer: setTimeout overflows past 2^31-1 ms (~24.8 days) and would fire at once; a longer wait re-arms. */
  MAX_TIMER_MS: 2 ** 31 - 1,
  /** History entries kept per schedule (the newest): a 1-minute heartbeat keeps ~3 hours, the file stays ~40 KB. */
  HISTORY_MAX_ENTRIES: 200,
  /** Missed firings counted after a restart stop here: a year of `* * * * *` is not worth iterating to report "missed N". */
  MISSED_COUNT_CAP: 100_000,
  /** Shortest interval: a faster heartbeat would keep an agent permanently busy and flood the history. */
  MIN_EVERY_MS: 1_000,
} as const;

export const Webhooks = {
  /** A receiver that does not answer in this time counts as failed (then retried): a hung one must not hold its queue. */
  REQUEST_TIMEOUT_MS: 10_000,
  /** Attempts per notification (first + retries): a receiver down for ~a minute still gets it, a dead one is given up. */
  MAX_ATTEMPTS: 5,
  /** First retry delay, doubled each time (1, 2, 4, 8 s): ntfy and chat hooks recover from a blip in seconds. */
  RETRY_BASE_MS: 1_000,
  /** Notifications waiting per hook: past this the oldest are dropped (logged), so a dead receiver never grows memory. */
  QUEUE_MAX: 100,
  /** Agent text included with includeText: a notification, not a transcript. */
  TEXT_MAX_CHARS: 1_000,
} as const;
