/**
 * Aider (Python; not installable on this machine). No hooks: status comes from its screen, and its own y/n
 * questions are the approvals, answered in the pane. Mode map: default asks; accept-edits/full-access answer
 * yes to everything (`--yes-always`); plan is `--chat-mode ask` (no edits).
 */
import type { LaunchContext, LaunchSpec, StateDetector } from '../../src/core/adapter.js';
import type { AgentMode } from '../../src/core/agent.js';
import { CliAdapter } from '../common/cli-adapter.js';
import { commandFor } from '../common/resolve-binary.js';
import { AiderDetector } from './detector.js';

const MODE_ARGS: Record<AgentMode, string[]> = {
  default: [],
  'accept-edits': ['--yes-always'],
  plan: ['--chat-mode', 'ask'],
  'full-access': ['--yes-always'],
};

export class AiderAdapter extends CliAdapter {
  readonly name = 'aider';
  readonly displayName = 'Aider';
  readonly models = ['sonnet', 'opus', 'gpt-4o', 'deepseek'] as const;
  /** Aider's prompt_toolkit input line: "> " (or "ask> ", "architect> " in other chat modes). */
  readonly readyPattern = /^(\w+ )?> ?$/m;
  readonly supportsResume = false;
  /** Ctrl-C interrupts a reply in aider; Esc does nothing there. */
  override readonly interruptKeys = '\x03';
  /** Its own "(Y)es/(N)o … [Yes]:" questions have no hook: they show in the queue as "asks on its screen", answered with these. */
  readonly screenApprovalKeys = { allow: 'y\r', deny: 'n\r' };
  protected readonly search = { overrideEnv: 'PASEO_AIDER_BIN', packagePaths: [], pathNames: ['aider'] };

  async launch(ctx: LaunchContext): Promise<LaunchSpec> {
    const bin = this.requireBinary(ctx.env);
    // No git commits behind the user's back, no update checks, no browser; colours stay on for the pane.
    const args = ['--no-auto-commits', '--no-check-update', '--no-show-release-notes', ...MODE_ARGS[ctx.mode], ...(ctx.model ? ['--model', ctx.model] : [])];
    const run = commandFor(bin, args);
    return { file: run.file, args: run.args, env: { ...ctx.env, TERM: ctx.env.TERM ?? 'xterm-256color' }, promptDelivery: ctx.prompt ? 'typed' : 'none' };
  }

  createStateDetector(): StateDetector {
    return new AiderDetector();
  }
}

export default new AiderAdapter();
