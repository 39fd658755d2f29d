/** Codex CLI: the native TUI in the PTY, hooks via a private CODEX_HOME overlay and the `paseo hook` relay. */
import type { ApprovalDecision, HookEvent, LaunchContext, LaunchSpec, StateDetector } from '../../src/core/adapter.js';
import type { AgentMode } from '../../src/core/agent.js';
import { Adapters } from '../../src/core/constants.js';
import { CliAdapter } from '../common/cli-adapter.js';
import { commandFor, platformTag } from '../common/resolve-binary.js';
import { relayCommandLine, secretFile } from '../common/relay-command.js';
import { buildOverlay, userCodexHome } from './overlay.js';
import { mcpServerToml } from '../common/mcp-config.js';
import { formatCodexReply, parseCodexHook } from './hooks.js';
import { CodexDetector } from './detector.js';

const TRIPLES: Record<string, string> = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
};

/** Codex's two knobs: when to ask (approval policy) and what is possible (sandbox). */
const MODE_ARGS: Record<AgentMode, string[]> = {
  // 0.169 only knows on-request|never; in default mode the PreToolUse gate below holds every call instead.
  default: ['-a', 'on-request', '-s', 'workspace-write'],
  'accept-edits': ['-a', 'on-request', '-s', 'workspace-write'],
  plan: ['-a', 'on-request', '-s', 'read-only'],
  'full-access': ['--dangerously-bypass-approvals-and-sandbox'],
};

/**
 * Tools held before they run, per mode (Codex's hook names: Bash for exec_command, apply_patch for edits). Full-access
 * too: the policy allows at once, but a deny rule must still stop the call.
 */
const PRE_TOOL_GATE: Record<AgentMode, string | undefined> = {
  default: 'Bash|apply_patch',
  // The policy allows edits at once in accept-edits; the gate holds them so a deny rule still applies.
  'accept-edits': 'Bash|apply_patch',
  plan: undefined,
  'full-access': 'Bash|apply_patch',
};

export class CodexAdapter extends CliAdapter {
  readonly name = 'codex';
  readonly displayName = 'Codex';
  readonly models = ['gpt-5.5', 'gpt-5.4', 'gpt-5.4-mini'] as const;
  readonly readyPattern = /Ask Codex|›/;
  /** A long paste shows as this, not as its text. */
  readonly pastePlaceholder = /\[Pasted Content \d+ chars\]/;
  readonly supportsResume = true;
  /** Turns end on the CLI's own signal (see AgentAdapter.turnEndSignal); its screen only confirms. */
  readonly turnEndSignal = true;
  protected readonly search = {
    overrideEnv: 'PASEO_CODEX_BIN',
    // The native binary directly: the npm wrapper adds a Node process (~44 MB) in front of it.
    packagePaths: [`@openai/codex-${platformTag()}/vendor/${TRIPLES[platformTag()] ?? 'unknown'}/bin/codex`],
    pathNames: ['codex'],
  };

  async launch(ctx: LaunchContext): Promise<LaunchSpec> {
    const bin = this.requireBinary(ctx.env);
    const cmd = (event: string, fail: 'open' | 'closed', timeoutS: number) => ({
      type: 'command',
      command: relayCommandLine(ctx, event, fail === 'closed' ? { fail, timeoutMs: timeoutS * 1000 - Adapters.RELAY_MARGIN_MS } : { fail }),
      timeout: timeoutS,
    });
    const status = Adapters.STATUS_HOOK_TIMEOUT_S;
    const hooks: Record<string, unknown[]> = {
      SessionStart: [{ hooks: [cmd('SessionStart', 'open', status)] }],
      UserPromptSubmit: [{ hooks: [cmd('UserPromptSubmit', 'open', status)] }],
      Stop: [{ hooks: [cmd('Stop', 'open', status)] }],
    };
    // PreToolUse can only deny, so it gates (allow = empty answer); PermissionRequest answers Codex's own asks (escalation).
    const gate = PRE_TOOL_GATE[ctx.mode];
    if (gate) hooks.PreToolUse = [{ matcher: gate, hooks: [cmd('PreToolUse', 'closed', Adapters.APPROVAL_HOOK_TIMEOUT_S)] }];
    if (ctx.mode !== 'full-access') hooks.PermissionRequest = [{ matcher: '*', hooks: [cmd('PermissionRequest', 'closed', Adapters.APPROVAL_HOOK_TIMEOUT_S)] }];
    const overlay = buildOverlay({ agentDir: ctx.agentDir, userHome: userCodexHome(ctx.env), cwd: ctx.cwd, hooks, ...(ctx.mcp ? { extraToml: mcpServerToml(ctx.mcp) } : {}) });
    const flags = [
      // No shared background app-server that would outlive the agent; our hooks.json cannot be pre-trusted (the hash is internal).
      '--no-daemon',
      '--dangerously-bypass-hook-trust',
      ...MODE_ARGS[ctx.mode],
      ...(ctx.model ? ['-m', ctx.model] : []),
      '-C', ctx.cwd,
    ];
    const args = ctx.resumeSessionRef ? ['resume', ctx.resumeSessionRef, ...flags] : flags;
    const run = commandFor(bin, args);
    return {
      file: run.file,
      args: run.args,
      env: { ...ctx.env, CODEX_HOME: overlay.dir, TERM: ctx.env.TERM ?? 'xterm-256color' },
      files: [secretFile(ctx), ...overlay.files],
      promptDelivery: ctx.prompt ? 'typed' : 'none',
      ...(ctx.resumeSessionRef ? { sessionRef: ctx.resumeSessionRef, statusDetail: `resumed session ${ctx.resumeSessionRef.slice(0, 8)}` } : {}),
    };
  }

  parseHook(eventName: string, payload: unknown): HookEvent {
    return parseCodexHook(eventName, payload);
  }

  formatHookReply(eventName: string, decision: ApprovalDecision | undefined): { status: number; body: unknown } {
    return formatCodexReply(eventName, decision);
  }

  createStateDetector(): StateDetector {
    return new CodexDetector();
  }
}

export default new CodexAdapter();
