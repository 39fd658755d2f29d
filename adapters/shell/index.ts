/** The default provider: the user's interactive shell ($SHELL, else bash), prompts typed as command lines. */
import { accessSync, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import type { AgentAdapter, InstallInfo, LaunchContext, LaunchSpec } from '../../src/core/adapter.js';
import { ShellDetector } from './shell-detector.js';
import { integratedShell, shellKind } from './shell-integration.js';

function findOnPath(name: string, env: Record<string, string>): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  for (const dir of (env.PATH ?? '/usr/bin:/bin').split(':')) {
    const candidate = path.join(dir || '.', name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function resolveShell(env: Record<string, string>): string | undefined {
  return (env.SHELL && findOnPath(env.SHELL, env)) ?? findOnPath('bash', env) ?? findOnPath('sh', env);
}

const shellAdapter: AgentAdapter = {
  name: 'shell',
  displayName: 'Shell',
  models: [],
  modes: ['default'],
  readyPattern: undefined,
  interruptKeys: '\x03',
  supportsResume: false,
  // An interactive shell ignores SIGTERM; SIGHUP is how a closing terminal ends it (and its jobs).
  stopSignal: 'SIGHUP',
  // A shell back at its prompt is not news; a failed command is (reported through the shell integration marks).
  idleIsNews: false,

  async detectInstall(env): Promise<InstallInfo> {
    const binary = resolveShell(env);
    return binary ? { installed: true, binary } : { installed: false, reason: 'no $SHELL, bash or sh on PATH' };
  },

  async launch(ctx: LaunchContext): Promise<LaunchSpec> {
    const file = resolveShell(ctx.env) ?? '/bin/sh';
    const env = { TERM: 'xterm-256color', ...ctx.env, PASEO_AGENT_ID: ctx.agentId };
    const promptDelivery = ctx.prompt ? 'typed' : 'none';
    const kind = shellKind(file);
    // Interactive, so the user's rc file applies (aliases, prompt) as in any terminal; not a login shell. bash and
    // zsh load it through a private rc that adds the status marks; other shells run as they are, status from the screen.
    if (!kind) return { file, args: ['-i'], env, promptDelivery };
    const integrated = integratedShell(kind, ctx.agentDir, ctx.env);
    return { file, args: integrated.args, env: { ...env, ...integrated.env }, files: integrated.files, promptDelivery, shellIntegration: true };
  },

  encodePrompt(text: string): string[] {
    // Each line is a command line; the last Enter is sent separately after a pause.
    return [text.replace(/\r?\n/g, '\r'), '\r'];
  },

  createStateDetector() {
    return new ShellDetector();
  },
};

export default shellAdapter;
