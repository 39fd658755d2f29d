/** Claude Code: the real TUI in the PTY, hooks from a per-agent `--settings` file, `--resume` after a restart. */
import crypto from 'node:crypto';
import path from 'node:path';
import type { ApprovalDecision, HookEvent, LaunchContext, LaunchSpec, StateDetector } from '../../src/core/adapter.js';
import type { AgentMode } from '../../src/core/agent.js';
import { CliAdapter } from '../common/cli-adapter.js';
import { commandFor, platformTag } from '../common/resolve-binary.js';
import { secretFile } from '../common/relay-command.js';
import { claudeSettings } from './settings.js';
import { mcpServersJson } from '../common/mcp-config.js';
import { formatClaudeReply, parseClaudeHook } from './hooks.js';
import { ClaudeDetector } from './detector.js';

const PERMISSION_MODE: Record<AgentMode, string> = {
  default: 'default',
  'accept-edits': 'acceptEdits',
  plan: 'plan',
  'full-access': 'bypassPermissions',
};

export class ClaudeAdapter extends CliAdapter {
  readonly name = 'claude';
  readonly displayName = 'Claude Code';
  readonly models = ['sonnet', 'opus', 'haiku'] as const;
  readonly readyPattern = /❯/;
  readonly pastePlaceholder = /\[Pasted text #\d+/;
  readonly supportsResume = true;
  /** Turns end on the CLI's own signal (see AgentAdapter.turnEndSignal); its screen only confirms. */
  readonly turnEndSignal = true;
  protected readonly search = {
    overrideEnv: 'PASEO_CLAUDE_BIN',
    packagePaths: [`@anthropic-ai/claude-code-${platformTag()}/claude`, '@anthropic-ai/claude-code/bin/claude.exe'],
    pathNames: ['claude'],
  };

  async launch(ctx: LaunchContext): Promise<LaunchSpec> {
    const bin = this.requireBinary(ctx.env);
    const settingsPath = path.join(ctx.agentDir, 'claude-settings.json');
    const args = ['--settings', settingsPath, '--permission-mode', PERMISSION_MODE[ctx.mode]];
    // paseo's MCP server (create_agent, create_worktree, …): a per-agent file beside the settings.
    const mcpPath = path.join(ctx.agentDir, 'claude-mcp.json');
    if (ctx.mcp) args.push('--mcp-config', mcpPath);
    if (ctx.model) args.push('--model', ctx.model);
    let sessionRef: string;
    let statusDetail: string | undefined;
    if (ctx.resumeSessionRef) {
      sessionRef = ctx.resumeSessionRef;
      args.push('--resume', sessionRef);
      statusDetail = `resumed session ${sessionRef.slice(0, 8)}`;
    } else {
      // Chosen up front so the record knows the session before the first hook arrives.
      sessionRef = crypto.randomUUID();
      args.push('--session-id', sessionRef);
    }
    const env = { ...ctx.env, TERM: ctx.env.TERM ?? 'xterm-256color', DISABLE_AUTOUPDATER: '1' };
    const cmd = commandFor(bin, args);
    return {
      file: cmd.file,
      args: cmd.args,
      env,
      files: [
        secretFile(ctx),
        { path: settingsPath, content: JSON.stringify(claudeSettings(ctx), null, 2), mode: 0o600 },
        ...(ctx.mcp ? [{ path: mcpPath, content: JSON.stringify({ mcpServers: mcpServersJson(ctx.mcp, true) }, null, 2), mode: 0o600 }] : []),
      ],
      // Typed once `❯` shows: a prompt in argv skips UserPromptSubmit ordering and shows up in `ps`.
      promptDelivery: ctx.prompt ? 'typed' : 'none',
      sessionRef,
      ...(statusDetail ? { statusDetail } : {}),
    };
  }

  parseHook(eventName: string, payload: unknown): HookEvent {
    return parseClaudeHook(eventName, payload);
  }

  formatHookReply(eventName: string, decision: ApprovalDecision | undefined): { status: number; body: unknown } {
    return formatClaudeReply(eventName, decision);
  }

  createStateDetector(): StateDetector {
    return new ClaudeDetector();
  }
}

export default new ClaudeAdapter();
