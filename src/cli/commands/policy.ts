/**
 * `paseo policy ls [--json]`: the approval rules in the order they apply, with their source; bad rules by position.
 * `paseo policy test [--tool T] [--path P] [--cwd D] [--provider P] [--mode M] [--agent ID] "<command>"`: which rule
 * decides and why; exits 0 allow, 3 ask, 1 deny. Both read config.json themselves (no daemon needed); `--agent`
 * asks the daemon, which knows that agent's provider, cwd and mode.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { AGENT_MODES, type AgentMode } from '../../core/agent.js';
import { ConfigError, PaseoError } from '../../core/errors.js';
import type { PlacedRule, PolicyListing, PolicyTestInput, PolicyTestResult, RuleProblem } from '../../core/policy-types.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { ExitCode } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

async function listing(home: string): Promise<PolicyListing> {
  const { readRuleSet } = await import('../local-policy.js');
  return readRuleSet(home);
}

/** One line per rule: position, action, source, and what it matches. */
export function describeRule(r: PlacedRule): string {
  const rule = r.rule;
  const list = (v: string | string[]) => (Array.isArray(v) ? v.join(' | ') : v);
  const what = r.source === 'default' && rule.description ? rule.description : [rule.command !== undefined ? `command ${list(rule.command)}` : '', rule.path !== undefined ? `path ${list(rule.path)}` : ''].filter(Boolean).join(', ') || 'every call';
  const scope = [rule.provider && `provider=${rule.provider}`, rule.cwd && `cwd=${rule.cwd}`, rule.agent && `agent=${rule.agent}`, rule.timeoutSeconds && `timeout=${rule.timeoutSeconds}s`].filter(Boolean).join(' ');
  return `${String(r.position).padStart(3)}  ${rule.action.padEnd(5)}  ${r.label.padEnd(30)}  ${(rule.tool ?? '*').padEnd(16)}  ${sanitizeLine(what)}${scope ? `  [${sanitizeLine(scope)}]` : ''}`;
}

/** Bad rules as one error line (they are never ignored silently). */
function problemsError(problems: readonly RuleProblem[]): ConfigError {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1).map((p) => p.message).join('; ')})` : '';
  return new ConfigError(`config.json: ${problems[0]!.message}${more}`, { problems: problems.length });
}

export function exitCodeForAction(action: PolicyTestResult['action']): number {
  return action === 'allow' ? ExitCode.OK : action === 'ask' ? ExitCode.WAITING : ExitCode.ERROR;
}

interface TestOptions {
  tool?: string;
  path?: string;
  cwd?: string;
  provider?: string;
  mode?: string;
  agent?: string;
  json?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const policy = program.command('policy').description('approval policy rules (config.json approvals.rules, then the defaults)');
  policy
    .command('ls')
    .description('the rules in the order they apply, with their source (works without a daemon)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const set = await listing(ctx.globals().home);
      if (opts.json || ctx.globals().json) {
        ctx.json(set);
        if (set.problems.length > 0) ctx.setExitCode(ExitCode.ERROR);
        return;
      }
      for (const r of set.rules) ctx.out(describeRule(r));
      if (set.disabledDefaults.length > 0) ctx.out(`off: ${set.disabledDefaults.map((id) => `default ${id}`).join(', ')}`);
      if (set.problems.length > 0) throw problemsError(set.problems);
    });
  policy
    .command('test')
    .description('which rule decides a request, and why; exits 0 allow, 3 ask, 1 deny')
    .argument('[command...]', 'the shell command (quote it)')
    .option('--tool <name>', 'the tool (default Bash with a command, Edit with --path)')
    .option('--path <file>', 'the file an edit or write touches')
    .option('--cwd <dir>', "the agent's cwd (its project; default: this directory)")
    .option('--provider <name>', "the agent's provider (claude, codex, …)")
    .option('--mode <mode>', `the agent's mode (${AGENT_MODES.join(', ')})`)
    .option('--agent <id>', "an agent's id: its provider, cwd and mode (asks the daemon)")
    .option('--json', 'machine-readable output')
    .action(async (words: string[], opts: TestOptions) => {
      if (opts.mode !== undefined && !AGENT_MODES.includes(opts.mode as AgentMode)) throw new UsageError(`--mode must be one of ${AGENT_MODES.join(', ')}`);
      const command = words.length > 0 ? words.join(' ') : undefined;
      if (command === undefined && opts.path === undefined && opts.tool === undefined) throw new UsageError('policy test needs a command, --path or --tool');
      const input: PolicyTestInput = {
        ...(opts.tool !== undefined ? { tool: opts.tool } : {}),
        ...(command !== undefined ? { command } : {}),
        ...(opts.path !== undefined ? { path: opts.path } : {}),
        ...(opts.provider !== undefined ? { provider: opts.provider } : {}),
        ...(opts.mode !== undefined ? { mode: opts.mode as AgentMode } : {}),
      };
      let result: PolicyTestResult;
      if (opts.agent !== undefined) {
        const api = await ctx.api();
        if (!api.testPolicy) throw new PaseoError('unknown_method', 'this daemon has no policy rules');
        result = await api.testPolicy({ ...input, agentId: opts.agent, ...(opts.cwd !== undefined ? { cwd: path.resolve(opts.cwd) } : {}) });
      } else {
        const { testPolicy } = await import('../local-policy.js');
        result = testPolicy(await listing(ctx.globals().home), { ...input, cwd: path.resolve(opts.cwd ?? process.cwd()) });
      }
      ctx.setExitCode(exitCodeForAction(result.action));
      if (opts.json || ctx.globals().json) return ctx.json(result);
      ctx.out(`${result.action}  ${sanitizeLine(result.reason)}`);
      if (result.rule) ctx.out(`  rule: ${describeRule(result.rule).trim()}`);
      else if (result.by === 'unmatched') ctx.out('  rule: none (an unmatched request is asked)');
      if (result.parts && result.parts.length > 1) ctx.out(`  parts: ${result.parts.map((p) => `\`${sanitizeLine(p)}\``).join(', ')}`);
      if (result.action === 'ask') ctx.out(`  waits ${Math.round(result.timeoutMs / 1000)}s for a decision, then is denied`);
      for (const p of result.problems) ctx.out(`  bad rule: ${sanitizeLine(p.message)}`);
    });
}
