/** `paseo run`: start an agent (any provider, or any command) and wait for it, or detach with -d. */
import path from 'node:path';
import type { Command } from 'commander';
import { AGENT_MODES, type AgentMode, type AgentRecord, type CreateAgentOptions } from '../../core/agent.js';
import type { PaseoApi } from '../../core/api.js';
import { PaseoError } from '../../core/errors.js';
import { UsageError } from '../usage-error.js';
import type { CommandContext } from '../command-context.js';
import { parseDuration, reportWait } from '../agent-output.js';
import { createWorktreeFor, printSetup } from './worktree.js';

const SHELL_META = /[\s|&;<>()$`\\"'*?[\]#~=%]/;

/** `--command "htop -d 5"` → argv; anything with shell syntax runs through /bin/sh -c. */
export function commandArgv(command: string): string[] {
  const trimmed = command.trim();
  if (!trimmed) throw new UsageError('--command needs a program to run');
  return SHELL_META.test(trimmed) ? ['/bin/sh', '-c', trimmed] : [trimmed];
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .description('start an agent; waits until it is idle, waiting for input, or exited, then prints its screen')
    .argument('[prompt...]', 'first prompt (for the shell provider: a command line)')
    .option('-p, --provider <provider>', 'provider[/model]: shell, command, claude/sonnet, codex/gpt-5.4, gemini, opencode, aider')
    .option('-c, --command <command>', 'run any program as the agent (provider "command")')
    .option('-d, --detach', 'do not wait: print the new agent id and return')
    .option('--cwd <dir>', 'working directory (default: the current one)')
    .option('--worktree <branch>', "run in a paseo worktree of the repo at --cwd on this branch (created off --base, or reused)")
    .option('--base <ref>', "with --worktree: branch or commit to start a new branch from (default: the repo's default branch)")
    .option('-t, --title <title>', 'a title for lists and panes')
    .option('-m, --mode <mode>', `permission mode: ${AGENT_MODES.join(', ')}`)
    .option('--timeout <duration>', 'give up waiting after this long (exit 5), e.g. 90, 30s, 5m')
    .option('--cols <n>', 'terminal columns', '120')
    .option('--rows <n>', 'terminal rows', '40')
    .action(async (promptWords: string[], o: Record<string, string | boolean | undefined>) => {
      const mode = o.mode as string | undefined;
      if (mode && !(AGENT_MODES as readonly string[]).includes(mode)) {
        throw new UsageError(`unknown mode "${mode}" (one of: ${AGENT_MODES.join(', ')})`);
      }
      if (o.command && o.provider && o.provider !== 'command') {
        throw new UsageError('--command runs the "command" provider; drop --provider or --command');
      }
      const cols = Number(o.cols);
      const rows = Number(o.rows);
      if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 10 || rows < 3 || cols > 1000 || rows > 500) {
        throw new UsageError('invalid --cols/--rows (cols 10–1000, rows 3–500)');
      }
      const timeoutMs = parseDuration(o.timeout as string | undefined);
      const prompt = promptWords.join(' ').trim() || undefined;
      const api = await ctx.api({ autoStart: true });
      const provider = o.command ? 'command' : (o.provider as string | undefined);
      let cwd = path.resolve((o.cwd as string | undefined) ?? process.cwd());
      if (o.base && !o.worktree) throw new UsageError('--base goes with --worktree');
      if (o.worktree) {
        const base = o.base as string | undefined;
        const created = await createWorktreeFor(ctx, api, { cwd, action: 'branch-off', branchName: o.worktree as string, ...(base ? { baseBranch: base } : {}) });
        if (!ctx.globals().json) printSetup(ctx, 'setup', created.setup);
        cwd = created.worktreePath;
      }
      const agent = await createOrUsage(api, {
        provider,
        command: o.command ? commandArgv(o.command as string) : undefined,
        cwd,
        title: o.title as string | undefined,
        prompt,
        mode: mode as AgentMode | undefined,
        cols,
        rows,
      });
      if (o.detach) {
        if (ctx.globals().json) ctx.json({ agentId: agent.id });
        else ctx.out(agent.id);
        return;
      }
      const result = await api.waitForAgent(agent.id, { timeoutMs });
      await reportWait(ctx, api, result);
    });
}


/**
 * The daemon refuses a start with bad_request only for what was given here (a --cwd that is no directory, a --mode
 * the provider lacks, a --command not found): a usage error, exit 2, and no agent record is left.
 */
async function createOrUsage(api: PaseoApi, opts: CreateAgentOptions): Promise<AgentRecord> {
  try {
    return await api.createAgent(opts);
  } catch (err) {
    if (err instanceof PaseoError && err.code === 'bad_request') throw new UsageError(err.message);
    throw err;
  }
}
