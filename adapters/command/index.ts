/** Runs any argv in a PTY; 'running' while its process lives; a prompt, when given, is typed once its output settles. */
import type { AgentAdapter, InstallInfo, LaunchContext, LaunchSpec } from '../../src/core/adapter.js';
import { PaseoError } from '../../src/core/errors.js';
import { RunningDetector } from './running-detector.js';

const commandAdapter: AgentAdapter = {
  name: 'command',
  displayName: 'Command',
  models: [],
  modes: ['default'],
  readyPattern: undefined,
  interruptKeys: '\x03',
  supportsResume: false,
  // A program has no turns: its redraws (top every 3 s) or silence (sleep) say nothing about being done.
  statusFollowsProcess: true,

  async detectInstall(): Promise<InstallInfo> {
    // Always available: whether the program exists is only known per command.
    return { installed: true };
  },

  async launch(ctx: LaunchContext): Promise<LaunchSpec> {
    const [file, ...args] = ctx.command ?? [];
    if (!file) throw new PaseoError('bad_request', 'the command provider needs a command to run (argv)', { agentId: ctx.agentId });
    return {
      file,
      args,
      env: { TERM: 'xterm-256color', ...ctx.env, PASEO_AGENT_ID: ctx.agentId },
      promptDelivery: ctx.prompt ? 'typed' : 'none',
    };
  },

  encodePrompt(text: string): string[] {
    return [text.replace(/\r?\n/g, '\r'), '\r'];
  },

  createStateDetector() {
    return new RunningDetector();
  },
};

export default commandAdapter;
