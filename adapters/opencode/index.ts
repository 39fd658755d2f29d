/**
 * OpenCode: its real TUI in the PTY, under a small bridge (bridge.ts) that follows OpenCode's own HTTP/SSE API
 * (`--port`) and speaks to the daemon as hook calls: session.status → running/idle, permission.asked → an
 * approval request whose answer the bridge posts back to `/permission/<id>/reply`.
 *
 * Config: the user's own OpenCode setup (providers, keys, ~/.config/opencode, auth.json) is used as is and
 * never written to. Paseo only adds, through the environment of this one process:
 *   OPENCODE_PERMISSION  the mode's permission rules, which OpenCode merges over every config file it read
 *                        (applied last in its config loader), so "ask" reaches paseo whatever the user set;
 *   OPENCODE_DISABLE_AUTOUPDATE  no self-update under a supervisor.
 * Modes: ask = bash/edit/webfetch and paseo's MCP tools (`paseo_*`) ask (accept-edits too: paseo's policy allows
 * the edits at once, unless a deny rule stops one); plan = OpenCode's plan agent with edits denied; full-access
 * asks paseo like the default mode (not `--auto`, which would approve past paseo's deny rules): the policy allows at
 * once whatever no deny rule stops.
 * Model strings pass through: `opencode/anthropic/claude-sonnet-4-5` → `--model anthropic/claude-sonnet-4-5`.
 */
import { mcpOpenCodeConfig } from '../common/mcp-config.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApprovalDecision, HookEvent, LaunchContext, LaunchSpec, StateDetector } from '../../src/core/adapter.js';
import type { AgentMode } from '../../src/core/agent.js';
import { CliAdapter } from '../common/cli-adapter.js';
import { paseoRoot } from '../common/project-root.js';
import { SECRET_FILE, secretFile } from '../common/relay-command.js';
import { commandFor, platformTag } from '../common/resolve-binary.js';
import { OpenCodeDetector } from './detector.js';
import { formatOpenCodeReply, parseOpenCodeHook } from './events.js';

/**
 * paseo's MCP tools as OpenCode's permissions: it names an MCP tool `<server>_<tool>` and asks with that name as the
 * permission, and its permission keys are wildcards (1.18.33 matches both key and pattern as globs). Asked in every
 * mode, so starting or prompting an agent goes through paseo's policy like Claude's and Codex's MCP calls do
 * (full-access: allowed at once; default: a person decides). The server is named `paseo` (src/supervisor/mcp-launch.ts).
 */
export const PASEO_MCP_PERMISSION = 'paseo_*';

/** Rules merged over the user's `permission` config; "ask" is what the bridge turns into paseo approvals. */
export const MODE_PERMISSIONS: Record<AgentMode, Record<string, string> | undefined> = {
  default: { bash: 'ask', edit: 'ask', webfetch: 'ask', [PASEO_MCP_PERMISSION]: 'ask' },
  'accept-edits': { bash: 'ask', edit: 'ask', webfetch: 'ask', [PASEO_MCP_PERMISSION]: 'ask' },
  plan: { bash: 'ask', edit: 'deny', webfetch: 'ask', [PASEO_MCP_PERMISSION]: 'ask' },
  'full-access': { bash: 'ask', edit: 'ask', webfetch: 'ask', [PASEO_MCP_PERMISSION]: 'ask' },
};

const MODE_ARGS: Record<AgentMode, string[]> = {
  default: [],
  'accept-edits': [],
  plan: ['--agent', 'plan'],
  'full-access': [],
};

export const BRIDGE_LOG = 'opencode-bridge.log';

/** The bridge as a node argv: the compiled bridge.js beside this module (dist), else dist's, else the source under tsx. */
export function bridgeCommand(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sibling = path.join(here, 'bridge.js');
  if (fs.existsSync(sibling)) return [process.execPath, sibling];
  const root = paseoRoot();
  const built = root ? path.join(root, 'dist', 'adapters', 'opencode', 'bridge.js') : undefined;
  if (built && fs.existsSync(built)) return [process.execPath, built];
  return [process.execPath, '--import', 'tsx', path.join(here, 'bridge.ts')];
}

export class OpenCodeAdapter extends CliAdapter {
  readonly name = 'opencode';
  readonly displayName = 'OpenCode';
  readonly models = ['anthropic/claude-sonnet-4-5', 'anthropic/claude-opus-4-1', 'openai/gpt-5'] as const;
  readonly readyPattern = /Ask anything/;
  /**
   * A resumed session shows its messages once it has loaded: a message footer ("▣ Build · <model>"), its context
   * use ("20 (0%)") or its cost ("$0.12"). Before that OpenCode draws an empty prompt ("tab agents") and drops what
   * is typed into it (seen under load: the resumed prompt never arrived). The cost alone is not enough: a session
   * that cost nothing (a free or local model) shows none, and the resumed agent then waited READY_TIMEOUT_MS.
   */
  readonly resumeReadyPattern = /\$\d+\.\d\d|\d \(\d+%\)|▣ \S/;
  /** A paste of 3+ lines or over 150 characters shows as this, not as its text. */
  readonly pastePlaceholder = /\[Pasted ~\d+ lines\]/;
  readonly supportsResume = true;
  /** Turns end on the CLI's own signal (see AgentAdapter.turnEndSignal); its screen only confirms. */
  readonly turnEndSignal = true;
  protected readonly search = {
    overrideEnv: 'PASEO_OPENCODE_BIN',
    packagePaths: [`opencode-${platformTag()}/bin/opencode`, `opencode-${platformTag()}-baseline/bin/opencode`],
    pathNames: ['opencode'],
  };

  async launch(ctx: LaunchContext): Promise<LaunchSpec> {
    const bin = this.requireBinary(ctx.env);
    const args = [...MODE_ARGS[ctx.mode]];
    if (ctx.model) args.push('--model', ctx.model);
    if (ctx.resumeSessionRef) args.push('--session', ctx.resumeSessionRef);
    const opencode = commandFor(bin, args);
    const [node, ...bridge] = bridgeCommand();
    const bridgeArgs = [
      ...bridge,
      '--hook-url', ctx.hook.url,
      '--secret-file', path.join(ctx.agentDir, SECRET_FILE),
      '--log', path.join(ctx.agentDir, BRIDGE_LOG),
      ...(ctx.resumeSessionRef ? ['--session', ctx.resumeSessionRef] : []),
      '--',
      opencode.file,
      ...opencode.args,
    ];
    const env: Record<string, string> = { ...ctx.env, TERM: ctx.env.TERM ?? 'xterm-256color', OPENCODE_DISABLE_AUTOUPDATE: '1' };
    const rules = MODE_PERMISSIONS[ctx.mode];
    // paseo's MCP server, merged over the user's config (OpenCode reads OPENCODE_CONFIG_CONTENT last).
    if (ctx.mcp) env.OPENCODE_CONFIG_CONTENT = JSON.stringify(mcpOpenCodeConfig(ctx.mcp));
    if (rules) env.OPENCODE_PERMISSION = JSON.stringify(rules);
    else delete env.OPENCODE_PERMISSION;
    return {
      file: node!,
      args: bridgeArgs,
      env,
      files: [secretFile(ctx)],
      // Typed once "Ask anything" shows, like the other TUIs (argv would show the prompt in `ps`).
      promptDelivery: ctx.prompt ? 'typed' : 'none',
      ...(ctx.resumeSessionRef ? { sessionRef: ctx.resumeSessionRef, statusDetail: `resumed session ${ctx.resumeSessionRef.slice(0, 12)}` } : {}),
    };
  }

  parseHook(eventName: string, payload: unknown): HookEvent {
    return parseOpenCodeHook(eventName, payload);
  }

  formatHookReply(eventName: string, decision: ApprovalDecision | undefined): { status: number; body: unknown } {
    return formatOpenCodeReply(eventName, decision);
  }

  createStateDetector(): StateDetector {
    return new OpenCodeDetector();
  }
}

export default new OpenCodeAdapter();
