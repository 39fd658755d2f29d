/**
 * Gemini CLI. Its hooks can deny a tool but never approve one, and the contract has no "press a key to approve"
 * path, so in the asking modes Gemini runs in yolo and paseo's BeforeTool gate (fail-closed relay) is the only
 * approval: allow = empty answer, deny = `{"decision":"deny"}`, daemon down = deny. Hooks go in a private
 * system-settings file (GEMINI_CLI_SYSTEM_SETTINGS_PATH), merged over the machine's own; the user's
 * ~/.gemini/settings.json (auth) is untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ApprovalDecision, HookEvent, LaunchContext, LaunchSpec, StateDetector } from '../../src/core/adapter.js';
import type { AgentMode } from '../../src/core/agent.js';
import { Adapters } from '../../src/core/constants.js';
import { CliAdapter } from '../common/cli-adapter.js';
import { commandFor } from '../common/resolve-binary.js';
import { relayCommandLine, secretFile } from '../common/relay-command.js';
import { formatGeminiReply, parseGeminiHook } from './hooks.js';
import { GeminiDetector } from './detector.js';

/** Tools that change something; reads and searches run without asking. */
const MUTATING = 'run_shell_command|write_file|replace|web_fetch|save_memory';

const MODE: Record<AgentMode, { approval: string; gate?: string }> = {
  default: { approval: 'yolo', gate: MUTATING },
  'accept-edits': { approval: 'yolo', gate: 'run_shell_command|web_fetch' },
  plan: { approval: 'plan' },
  'full-access': { approval: 'yolo' },
};

function machineSettings(env: Record<string, string>): Record<string, unknown> {
  const file = env.GEMINI_CLI_SYSTEM_SETTINGS_PATH ?? (process.platform === 'darwin' ? '/Library/Application Support/GeminiCli/settings.json' : '/etc/gemini-cli/settings.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export class GeminiAdapter extends CliAdapter {
  readonly name = 'gemini';
  readonly displayName = 'Gemini CLI';
  readonly models = ['gemini-2.5-pro', 'gemini-2.5-flash'] as const;
  readonly readyPattern = /Type your message/;
  readonly supportsResume = false;
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
    const base = machineSettings(ctx.env);
    const baseHooks = (base.hooks ?? {}) as Record<string, unknown[]>;
    for (const [k, v] of Object.entries(baseHooks)) hooks[k] = [...v, ...(hooks[k] ?? [])];
    const settingsPath = path.join(ctx.agentDir, 'gemini-system-settings.json');
    const args = ['--approval-mode', mode.approval, ...(ctx.model ? ['--model', ctx.model] : [])];
    const run = commandFor(bin, args);
    return {
      file: run.file,
      args: run.args,
      env: { ...ctx.env, GEMINI_CLI_SYSTEM_SETTINGS_PATH: settingsPath, TERM: ctx.env.TERM ?? 'xterm-256color' },
      files: [secretFile(ctx), { path: settingsPath, content: JSON.stringify({ ...base, hooks }, null, 2), mode: 0o600 }],
      promptDelivery: ctx.prompt ? 'typed' : 'none',
    };
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
