/** `paseo run`: start an agent (any provider, or any command) and wait for it, or detach with -d. */
import path from 'node:path';
import type { Command } from 'commander';
import { AGENT_MODES, type AgentMode } from '../../core/agent.js';
import { PaseoError } from '../../core/errors.js';
import type { CommandContext } from '../command-context.js';
import { parseDuration, reportWait } from '../agent-output.js';

const SHELL_META = /[\s|&;<>()$`\\"'*?[\]#~=%]/;

/** `--command "htop -d 5"` → argv; anything with shell syntax runs through /bin/sh -c. */
export function commandArgv(command: string): string[] {
  const trimmed = command.trim();
  if (!trimmed) throw new PaseoError('bad_request', '--command needs a program to run');
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
    .option('-t, --title <title>', 'a title for lists and panes')
    .option('-m, --mode <mode>', `permission mode: ${AGENT_MODES.join(', ')}`)
    .option('--timeout <duration>', 'give up waiting after this long (exit 5), e.g. 90, 30s, 5m')
    .option('--cols <n>', 'terminal columns', '120')
    .option('--rows <n>', 'terminal rows', '40')
    .action(async (promptWords: string[], o: Record<string, string | boolean | undefined>) => {
      const mode = o.mode as string | undefined;
      if (mode && !(AGENT_MODES as readonly string[]).includes(mode)) {
        throw new PaseoError('bad_request', `unknown mode "${mode}" (one of: ${AGENT_MODES.join(', ')})`);
      }
      if (o.command && o.provider && o.provider !== 'command') {
        throw new PaseoError('bad_request', '--command runs the "command" provider; drop --provider or --command');
      }
      const cols = Number(o.cols);
      const rows = Number(o.rows);
      if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 10 || rows < 3 || cols > 1000 || rows > 500) {
        throw new PaseoError('bad_request', 'invalid --cols/--rows (cols 10–1000, rows 3–500)');
      }
      const timeoutMs = parseDuration(o.timeout as string | undefined);
      const prompt = promptWords.join(' ').trim() || undefined;
      const api = await ctx.api({ autoStart: true });
      const agent = await api.createAgent({
        provider: o.command ? 'command' : (o.provider as string | undefined),
        command: o.command ? commandArgv(o.command as string) : undefined,
        cwd: path.resolve((o.cwd as string | undefined) ?? process.cwd()),
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
