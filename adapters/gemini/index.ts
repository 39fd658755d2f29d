/**
 * Gemini CLI. Its hooks can deny a tool but never approve one, and the contract has no "press a key to approve"
 * path, so in the asking modes Gemini runs in yolo and paseo's BeforeTool gate (fail-closed relay) is the only
 * approval: allow = empty answer, deny = `{"decision":"deny"}`, daemon down = deny. Hooks go in the settings.json
 * of a private GEMINI_CLI_HOME overlay (./overlay.ts); the user's ~/.gemini is untouched.
 */
import type { ApprovalDecision, HookEvent, LaunchContext, LaunchSpec, StateDetector } from '../../src/core/adapter.js';
import type { AgentMode } from '../../src/core/agent.js';
import { Adapters } from '../../src/core/constants.js';
import { CliAdapter } from '../common/cli-adapter.js';
import { commandFor } from '../common/resolve-binary.js';
import { relayCommandLine, secretFile } from '../common/relay-command.js';
import { formatGeminiReply, parseGeminiHook } from './hooks.js';
import { GeminiDetector } from './detector.js';
import { buildGeminiOverlay, machineSettings, userGeminiHome } from './overlay.js';
import { mcpServersJson } from '../common/mcp-config.js';

/** Tools that change something; reads and searches run without asking. */
const MUTATING = 'run_shell_command|write_file|replace|web_fetch|save_memory';

const MODE: Record<AgentMode, { approval: string; gate?: string }> = {
  default: { approval: 'yolo', gate: MUTATING },
  // The policy allows edits at once in accept-edits; the gate holds them so a deny rule still applies.
  'accept-edits': { approval: 'yolo', gate: MUTATING },
  plan: { approval: 'plan' },
  // Asks nothing (the policy allows at once), but a deny rule must still stop the call: the gate stays.
  'full-access': { approval: 'yolo', gate: MUTATING },
};

/**
 * Gemini decides it is headless (no TUI, exits "No input provided via stdin") when CI=true or GITHUB_ACTIONS=true,
 * even on a TTY. The agent always runs in paseo's PTY, so these are not passed on.
 */
const HEADLESS_TRIGGERS = ['CI', 'GITHUB_ACTIONS'];

/** Ctrl-E: Gemini's cursor-to-end key. */
const CTRL_E = '\x05';

export class GeminiAdapter extends CliAdapter {
  readonly name = 'gemini';
  readonly displayName = 'Gemini CLI';
  readonly models = ['gemini-2.5-pro', 'gemini-2.5-flash'] as const;
  /** The input box, once the header is drawn above it: the box shows first, then the whole screen is redrawn, and keys typed before that redraw can be lost. */
  readonly readyPattern = /Gemini CLI v[\s\S]*Type your message/;
  /** Its empty box's placeholder (message or shell mode): an Enter the loaded CLI dropped is pressed again. */
  readonly emptyInputPattern = /Type your (message|shell command)/;
  readonly supportsResume = false;
  /** Turns end on the CLI's own signal (see AgentAdapter.turnEndSignal); its screen only confirms. */
  readonly turnEndSignal = true;
  protected readonly search = {
    overrideEnv: 'PASEO_GEMINI_BIN',
    packagePaths: ['@google/gemini-cli/bundle/gemini.js'],
    pathNames: ['gemini'],
  };

  async launch(ctx: LaunchContext): Promise<LaunchSpec> {
    const bin = this.requireBinary(ctx.env);
    const mode = MODE[ctx.mode];
    const status = Adapters.STATUS_HOOK_TIMEOUT_S * 1000; // Gemini hook timeouts are in ms
    const cmd = (event: string, timeoutMs: number, fail: 'open' | 'closed') => ({
      // Gemini shows a running hook by name ("Executing Hook: …"), the command line otherwise: long, and it stays
      // in the screen's history.
      name: `paseo ${event}`,
      type: 'command',
      command: relayCommandLine(ctx, event, fail === 'closed' ? { fail, timeoutMs: timeoutMs - Adapters.RELAY_MARGIN_MS } : { fail }),
      timeout: timeoutMs,
    });
    const hooks: Record<string, unknown[]> = {
      SessionStart: [{ hooks: [cmd('SessionStart', status, 'open')] }],
      BeforeAgent: [{ hooks: [cmd('BeforeAgent', status, 'open')] }],
      AfterAgent: [{ hooks: [cmd('AfterAgent', status, 'open')] }],
      Notification: [{ hooks: [cmd('Notification', status, 'open')] }],
    };
    if (mode.gate) hooks.BeforeTool = [{ matcher: mode.gate, hooks: [cmd('BeforeTool', Adapters.APPROVAL_HOOK_TIMEOUT_S * 1000, 'closed')] }];
    // Yolo is safe only behind the gate: if the machine's settings switch hooks off, let Gemini ask on its own screen.
    const machine = machineSettings(ctx.env);
    const hooksOff = (machine.hooksConfig as { enabled?: unknown } | undefined)?.enabled === false;
    const approval = mode.gate && hooksOff ? 'default' : mode.approval;
    const overlay = buildGeminiOverlay({ agentDir: ctx.agentDir, userHome: userGeminiHome(ctx.env), hooks, ...(ctx.mcp ? { mcpServers: mcpServersJson(ctx.mcp, false) } : {}) });
    // The first prompt goes in argv: keys typed in the seconds after Gemini's input box first shows can be lost (its
    // Enter dropped while the app finishes starting), and -i runs the prompt and stays interactive.
    const args = ['--approval-mode', approval, ...(ctx.model ? ['--model', ctx.model] : []), ...(ctx.prompt ? ['--prompt-interactive', ctx.prompt] : [])];
    const run = commandFor(bin, args);
    const env: Record<string, string> = { ...ctx.env, GEMINI_CLI_HOME: overlay.home, TERM: ctx.env.TERM ?? 'xterm-256color' };
    for (const k of HEADLESS_TRIGGERS) delete env[k];
    return {
      file: run.file,
      args: run.args,
      env,
      files: [secretFile(ctx), ...overlay.files],
      promptDelivery: ctx.prompt ? 'argv' : 'none',
    };
  }

  /**
   * Typed keys, not a bracketed paste: Gemini turns an Enter that follows a paste "too soon" into a newline, and
   * "too soon" is React state cleared 40 ms after the paste renders — on a loaded machine the Enter lost that race
   * and the prompt sat unsent. Typed keys avoid the paste rule; its other rule (an Enter within 30 ms of a typed
   * character is a newline) is measured per key, so Ctrl-E (cursor to end, not insertable) goes right before the
   * Enter and resets it even when the PTY hands both over in one read. A newline is `\` + Enter (Gemini's own
   * newline); a leading `!` or `?` would switch to shell mode / help on an empty input, so a space goes first.
   */
  override encodePrompt(text: string): string[] {
    let typed = text.replace(/\r\n?/g, '\n').replace(/\t/g, '  ').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
    typed = typed.replace(/\n+$/, '');
    if (/^[!?]/.test(typed)) typed = ' ' + typed;
    return [typed.replace(/\n/g, '\\\r'), CTRL_E + '\r'];
  }

  parseHook(eventName: string, payload: unknown): HookEvent {
    return parseGeminiHook(eventName, payload);
  }

  formatHookReply(eventName: string, decision: ApprovalDecision | undefined): { status: number; body: unknown } {
    return formatGeminiReply(eventName, decision);
  }

  createStateDetector(): StateDetector {
    return new GeminiDetector();
  }
}

export default new GeminiAdapter();
