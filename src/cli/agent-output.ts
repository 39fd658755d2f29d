/** Shared output for commands that wait on an agent: the last screen, and the outcome as an exit code. */
import type { PaseoApi } from '../core/api.js';
import type { WaitResult } from '../core/agent.js';
import { UsageError } from './usage-error.js';
import type { CommandContext } from './command-context.js';
import { ExitCode, exitCodeForWait } from './exit-codes.js';
import { exitLabel, stripControls, trimScreen } from './format.js';

/** "60", "60s", "2m", "500ms" → milliseconds; undefined = no timeout. */
export function parseDuration(value: string | undefined, flag = '--timeout'): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new UsageError(`invalid ${flag} "${value}" (use seconds, or 500ms, 30s, 5m, 1h)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new UsageError(`invalid ${flag} "${value}" (expected a whole number, 0 or more)`);
  return n;
}

/** Prints the outcome of a wait (human: the agent's last screen; json: the record) and sets the exit code. */
export async function reportWait(ctx: CommandContext, api: PaseoApi, result: WaitResult): Promise<void> {
  const screen = trimScreen(stripControls(await api.readLogs(result.agent.id, { tail: result.agent.rows })));
  if (ctx.globals().json) {
    const a = result.agent;
    ctx.json({ agentId: a.id, outcome: result.outcome, status: a.status, exitCode: a.exitCode, exitSignal: a.exitSignal, lastExitCode: a.lastExitCode, screen });
  } else {
    if (screen) ctx.out(screen);
    if (result.outcome === 'timeout') ctx.out(`paseo: timed out waiting for ${result.agent.id} (status ${result.agent.status})`);
    else if (result.outcome === 'waiting' && result.agent.attention === 'permission') ctx.out(`paseo: ${result.agent.id} is waiting for a permission decision (paseo permit)`);
    else if (result.outcome === 'waiting') ctx.out(`paseo: ${result.agent.id} is waiting for input`);
    else if (result.outcome === 'exited') ctx.out(`paseo: ${result.agent.id} exited${exitLabel(result.agent) !== undefined ? ` (${exitLabel(result.agent)})` : ''}`);
    else if (exitCodeForWait(result) === ExitCode.COMMAND_FAILED) ctx.out(`paseo: ${result.agent.id}: the command failed (exit ${result.agent.lastExitCode})`);
  }
  ctx.setExitCode(exitCodeForWait(result));
}
