/**
 * `paseo audit [--tail N] [--agent ID] [--since 2h] [--json] [--verify]`: the approval audit log (PASEO_HOME/audit.log
 * and its rotated files), read here without a daemon. `--verify` walks the hash chain and exits 1 naming the first line
 * that was changed, removed or reordered.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { PaseoError } from '../../core/errors.js';
import type { AuditHow, AuditLine } from '../../core/policy-types.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `2h`, `30m`, `1d`, `45s`, `2w` ago, or a date/time. */
export function parseSince(text: string, now = Date.now()): Date {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (m) return new Date(now - Number(m[1]) * UNIT_MS[m[2]!]!);
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`--since must be a duration like 30m, 2h, 1d or a date (got ${JSON.stringify(text)})`);
  return new Date(t);
}

export function describeHow(how: AuditHow | undefined): string {
  if (!how) return '';
  switch (how.by) {
    case 'human':
      return `human (${how.client.kind}${how.client.label ? ` ${how.client.label}` : ''})`;
    case 'rule':
      return `rule ${how.rule} (#${how.position})`;
    case 'mode':
      return `mode ${how.mode}${how.rule ? ` (${how.rule})` : ''}`;
    case 'timeout':
      return `timeout (${how.seconds}s)`;
    case 'same-call':
      return 'same call';
    default:
      return how.by.replace('-', ' ');
  }
}

export function describeLine(l: AuditLine): string {
  const when = l.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const what = l.kind === 'request' ? 'asked' : `${l.outcome ?? '?'} by ${describeHow(l.how)}`;
  const msg = l.outcome === 'deny' && l.message ? `  — ${sanitizeLine(l.message)}` : '';
  return `${when}  ${l.agentId}  ${(l.provider ?? '').padEnd(8)}  ${sanitizeLine(l.tool).padEnd(10)}  ${what}  ${sanitizeLine(l.summary)}${msg}`;
}

interface AuditOptions {
  tail?: string;
  agent?: string;
  since?: string;
  json?: boolean;
  verify?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('audit')
    .description('the approval audit log: every request and decision (works without a daemon)')
    .option('--tail <n>', 'only the last N lines')
    .option('--agent <id>', 'only this agent (id or prefix)')
    .option('--since <when>', 'only lines since a duration ago (30m, 2h, 1d) or a date')
    .option('--verify', 'check the hash chain; exits 1 naming the first line changed, removed or reordered')
    .option('--json', 'machine-readable output')
    .action(async (opts: AuditOptions) => {
      const home = ctx.globals().home;
      const json = opts.json || ctx.globals().json;
      const { readAudit, verifyAudit } = await import('../local-policy.js');
      if (opts.verify) {
        const result = verifyAudit(home);
        if (json) {
          ctx.json(result);
          if (!result.ok) ctx.setExitCode(ExitCode.ERROR);
          return;
        }
        if (!result.ok) {
          const bad = result.firstBad!;
          throw new PaseoError('invalid_state', `${bad.file} line ${bad.line}${bad.seq !== undefined ? ` (seq ${bad.seq})` : ''}: ${bad.problem}`, { ...bad });
        }
        const from = result.startsAtSeq !== undefined ? ` from seq ${result.startsAtSeq} (older rotated files were deleted)` : '';
        return ctx.out(`audit log intact: ${result.lines} line${result.lines === 1 ? '' : 's'} chained${from}`);
      }
      let tail: number | undefined;
      if (opts.tail !== undefined) {
        tail = Number(opts.tail);
        if (!Number.isInteger(tail) || tail < 0) throw new UsageError(`--tail must be a whole number (got ${JSON.stringify(opts.tail)})`);
      }
      const lines = readAudit(home, {
        ...(tail !== undefined ? { tail } : {}),
        ...(opts.agent !== undefined ? { agentId: opts.agent } : {}),
        ...(opts.since !== undefined ? { since: parseSince(opts.since) } : {}),
      });
      if (json) return ctx.json(lines);
      if (lines.length === 0) return ctx.out('no audit entries');
      for (const l of lines) ctx.out(describeLine(l));
    });
}
