/**
 * What `paseo daemon restart` ends: agents still running whose adapter cannot resume them (a shell, a command, a CLI
 * without a session yet) are marked exited by the new daemon. The user is told which before anything happens.
 */
import readline from 'node:readline';
import { isLive, type AgentRecord } from '../core/agent.js';
import { PaseoError } from '../core/errors.js';
import type { CommandContext } from './command-context.js';

/** The running agents a restart ends; none when no daemon runs. Mirrors the daemon's recovery rule (recover-agent.ts). */
export async function agentsEndingOnRestart(ctx: CommandContext): Promise<AgentRecord[]> {
  let api;
  try {
    api = await ctx.api();
  } catch (err) {
    if (err instanceof PaseoError && err.code === 'daemon_not_running') return [];
    throw err;
  }
  const [agents, providers] = await Promise.all([api.listAgents({ includeArchived: true }), api.listProviders()]);
  const resumes = new Set(providers.filter((p) => p.supportsResume).map((p) => p.name));
  return agents.filter((a) => isLive(a.status) && !(resumes.has(a.provider) && a.providerSessionRef));
}

/** "restarting ends 3 agents that cannot resume (shell, command): a1b2c3d4, e5f6a7b8, c9d0e1f2" */
export function describeEnding(ending: AgentRecord[]): string {
  const providers = [...new Set(ending.map((a) => a.provider))].join(', ');
  const n = ending.length;
  return `restarting ends ${n} agent${n === 1 ? '' : 's'} that cannot resume (${providers}): ${ending.map((a) => a.id).join(', ')}`;
}

/** On a terminal, asks y/N; piped or scripted (no TTY), the warning was printed and the restart goes ahead. */
export async function confirmRestart(): Promise<boolean> {
  if (!process.stdin.isTTY) return true;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question('restart anyway? [y/N] ', resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
