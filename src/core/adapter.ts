/** The contract every agent adapter implements (DESIGN §6). Pure types: adapters live in adapters/<name>/. */
import type { AgentMode } from './agent.js';

/** What a screen detector concludes from the visible terminal. */
export type ScreenState = 'busy' | 'idle' | 'waiting' | 'unknown';

/** Read-only view of an agent's headless terminal. */
export interface TerminalView {
  readonly cols: number;
  readonly rows: number;
  /** Viewport lines as plain text, top to bottom, trailing spaces trimmed. */
  lines(): string[];
  readonly cursorX: number;
  readonly cursorY: number;
  readonly bufferType: 'normal' | 'alternate';
  /** Last OSC 0/2 window title the program set. */
  readonly title: string;
}

export interface DetectInput {
  view: TerminalView;
  /** ms since the PTY last produced output. */
  quietMs: number;
  /** true when a process other than the agent's root process holds the terminal's foreground (a shell running a command). */
  foregroundBusy?: boolean;
}

export interface StateDetector {
  detect(input: DetectInput): ScreenState;
}

export interface InstallInfo {
  installed: boolean;
  binary?: string;
  version?: string;
  /** Why it is not usable, when not installed. */
  reason?: string;
}

export interface LaunchContext {
  agentId: string;
  cwd: string;
  prompt?: string;
  model?: string;
  mode: AgentMode;
  /** argv for the `command` adapter. */
  command?: string[];
  /** The CLI's session id to resume, after a daemon restart. */
  resumeSessionRef?: string;
  /** A private directory for this agent's generated files (settings, overlays), 0700. */
  agentDir: string;
  /** Base environment (the daemon's, plus user-given env). */
  env: Record<string, string>;
  /** Where hook calls go and the per-agent secret they must carry. */
  hook: HookTarget;
  /** paseo's MCP server for this agent (stdio), to add to the CLI's per-agent settings; absent when `mcp.inject` is off. */
  mcp?: McpServerLaunch;
}

/** A stdio MCP server as the CLIs' configs name one: `paseo mcp` with the agent's id; its secret is read from a 0600 file. */
export interface McpServerLaunch {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface HookTarget {
  /** http://127.0.0.1:PORT/hooks/<agentId> */
  url: string;
  secret: string;
  /** argv prefix for a command hook relay (`paseo hook …`), for CLIs that only run commands. */
  relayCommand: string[];
}

export interface LaunchSpec {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Files to write before spawning (settings with hooks, config overlays). */
  files?: Array<{ path: string; content: string; mode?: number }>;
  /** How the first prompt reaches the agent: already in argv, or typed once ready. */
  promptDelivery: 'argv' | 'typed' | 'none';
  /** Session id chosen up front (e.g. `claude --session-id`). */
  sessionRef?: string;
  /** Human note shown in status, e.g. "resumed session abc". */
  statusDetail?: string;
  /**
   * The launched shell reports its prompt and each command's exit status with OSC 133 marks (hooks set up through a
   * private rc). Until the first mark the agent is 'starting' and prompts wait; then status follows the marks alone.
   */
  shellIntegration?: boolean;
}

/** A normalised hook event an adapter extracted from a CLI's hook payload. */
export type HookEvent =
  | { kind: 'turn-start' }
  /** The CLI's own end of a turn; `answer`, when its payload carries it, is the reply text the screen must show. */
  | { kind: 'turn-end'; answer?: string }
  | { kind: 'session'; sessionRef: string }
  | { kind: 'notification'; message: string; waiting?: boolean }
  | { kind: 'error'; message: string }
  /**
   * A tool call to approve. `call` names the call across the CLI's hooks (Codex asks PreToolUse, then
   * PermissionRequest for the same escalated command): a `followUp` hook for a call an earlier hook asked about
   * gets that hook's decision, waiting for it while it is pending, instead of a request of its own.
   */
  | {
      kind: 'permission';
      request: ApprovalRequestInput;
      call?: { key: string; followUp?: boolean };
      /**
       * The CLI asks in its own dialog at the same time and may go on without this hook's answer (Claude's
       * PermissionRequest): a turn end that comes while it is pending means it was answered in the pane.
       */
      answerableInPane?: boolean;
    }
  | { kind: 'ignored' };

export interface ApprovalRequestInput {
  tool: string;
  /** Shell command, when the tool runs one. */
  command?: string;
  cwd?: string;
  /** File path for edits/writes. */
  file?: string;
  oldText?: string;
  newText?: string;
  /** Full content for a whole-file write. */
  content?: string;
  /** The raw tool input as the CLI sent it. */
  raw?: unknown;
  /** One line saying what it does ("$ git push", "edit src/a.ts", a patch's files), sanitized (approvals/request-paths.ts). */
  summary?: string;
  /** Every file the call writes, named alike for every CLI: relative to its cwd when inside it, absolute otherwise. */
  files?: string[];
}

export type ApprovalDecision = { behavior: 'allow' } | { behavior: 'deny'; message: string };

export interface AgentAdapter {
  /** Provider name as typed in `--provider` (before the slash). */
  readonly name: string;
  readonly displayName: string;
  readonly models: readonly string[];
  readonly modes: readonly AgentMode[];
  /** Is the CLI installed; where; which version. */
  detectInstall(env: Record<string, string>): Promise<InstallInfo>;
  launch(ctx: LaunchContext): Promise<LaunchSpec>;
  /** Screen text that means the CLI is ready to take a typed prompt. */
  readonly readyPattern?: RegExp;
  /**
   * Screen text that means a resumed session has loaded and takes typed input. A resumed agent stays 'starting',
   * holding prompts sent to it, until its new process draws this (or READY_TIMEOUT_MS passes).
   */
  readonly resumeReadyPattern?: RegExp;
  /** The bytes that type `text` as one prompt and submit it. */
  encodePrompt(text: string): string[];
  /** What the TUI shows in place of a long paste (Claude: "[Pasted text #1]"), so prompt delivery knows it arrived before pressing Enter. */
  readonly pastePlaceholder?: RegExp;
  /**
   * What the screen shows once the CLI's input box is empty again (Gemini: its placeholder). When set, prompt
   * delivery presses Enter again while the typed prompt still sits in the box and no turn-start hook came.
   */
  readonly emptyInputPattern?: RegExp;
  /**
   * The program always shows a typed prompt before Enter (its text or `pastePlaceholder`): one that never showed
   * was dropped, and prompt delivery types it once more. Unset for arbitrary commands, which may not echo at all.
   */
  readonly echoesPrompt?: boolean;
  /** The bytes that interrupt the current turn. */
  readonly interruptKeys: string;
  /**
   * The keys that answer the CLI's own yes/no prompt on its screen (Aider's "(Y)es/(N)o"), for an agent that asks
   * there without a hook: with them its waiting screen shows in the approval queue and y/n send these.
   */
  readonly screenApprovalKeys?: { allow: string; deny: string };
  createStateDetector(): StateDetector;
  /** Turn a hook payload into an event; undefined when the adapter has no hooks. */
  parseHook?(eventName: string, payload: unknown): HookEvent;
  /** Format the hook's HTTP reply for a decision on a permission event. */
  formatHookReply?(eventName: string, decision: ApprovalDecision | undefined): { status: number; body: unknown };
  readonly supportsResume: boolean;
  /**
   * Status follows the process: 'running' from spawn until it exits, whatever it prints or not (a program's redraws
   * or silence say nothing about being done). Prompts are typed at once rather than queued for an idle turn.
   */
  readonly statusFollowsProcess?: boolean;
  /**
   * The CLI says itself when a turn ends (a hook, an event stream). Its screen then never ends a turn paseo started:
   * the detector may say busy or waiting, and 'idle' only confirms, once the screen has settled, a turn end the CLI
   * signalled. (Keys the user types to interrupt, which fire no such signal, let the screen end the turn again.)
   */
  readonly turnEndSignal?: boolean;
  /** Going idle after running is news for the user (attention 'finished'); false for a shell, whose news is a failed command. */
  readonly idleIsNews?: boolean;
  /** Signal that ends the agent's process group on stop (default SIGTERM; an interactive shell ignores it and needs SIGHUP). */
  readonly stopSignal?: NodeJS.Signals;
}
