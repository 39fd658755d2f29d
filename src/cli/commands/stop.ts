/** `paseo stop` and `paseo archive`: one or more agents by id, prefix or title, or `--all` with the filters of `ls`. */
import type { Command } from 'commander';
import { isLive, type AgentRecord } from '../../core/agent.js';
import { PaseoError, errorMessage } from '../../core/errors.js';
import type { PaseoApi } from '../../core/api.js';
import type { CommandContext } from '../command-context.js';
import { addFilterOptions } from '../agent-filter.js';
import { ExitCode } from '../exit-codes.js';
import { statusLabel } from '../format.js';
import { formatError } from '../print-error.js';
import { checkSelection, selectAgents, type Selection } from '../select-agents.js';

export function register(program: Command, ctx: CommandContext): void {
  addFilterOptions(
    program
      .command('stop')
      .description('stop agents (each one\'s whole process group); their history stays readable')
      .argument('[ids...]', 'agent ids, unique prefixes or exact titles')
      .option('-a, --all', 'every agent that runs (narrowed by --cwd, --status, --since)'),
  ).action(async (ids: string[], o: Selection) => {
    checkSelection(ids, o, 'stop');
    const api = await ctx.api();
    // --all: only agents with a process; an exited one has nothing to stop.
    const targets = (await selectAgents(api, ids, o, 'stop')).filter((a) => !o.all || isLive(a.status));
    await actOn(ctx, ids, o, targets, (a) => api.stopAgent(a.id), (a) => `stopped ${a.id}: ${statusLabel(a)}`);
  });
  addFilterOptions(
    program
      .command('archive')
      .description('stop agents if they run and hide them from `paseo ls` (see them with ls --all)')
      .argument('[ids...]', 'agent ids, unique prefixes or exact titles')
      .option('-a, --all', 'every agent ls shows (narrowed by --cwd, --status, --since), e.g. --all --status exited'),
  ).action(async (ids: string[], o: Selection) => {
    checkSelection(ids, o, 'archive');
    const api: PaseoApi = await ctx.api();
    const targets = await selectAgents(api, ids, o, 'archive');
    await actOn(ctx, ids, o, targets, (a) => api.archiveAgent(a.id), (a) => `archived ${a.id}`);
  });
}

/** Acts on each agent in turn; one failing does not stop the rest (each failure one line, exit 1 at the end). */
async function actOn(
  ctx: CommandContext,
  ids: string[],
  o: Selection,
  targets: AgentRecord[],
  act: (a: AgentRecord) => Promise<AgentRecord>,
  line: (a: AgentRecord) => string,
): Promise<void> {
  const done: AgentRecord[] = [];
  let failed = 0;
  for (const agent of targets) {
    try {
      const after = await act(agent);
      done.push(after);
      if (!ctx.globals().json) ctx.out(line(after));
    } catch (err) {
      failed++;
      const code = err instanceof PaseoError ? err.code : 'internal';
      process.stderr.write(formatError(new PaseoError(code, `${agent.id}: ${errorMessage(err)}`), ctx.globals().json));
    }
  }
  if (ctx.globals().json) ctx.json(!o.all && ids.length === 1 && done.length === 1 ? done[0] : done);
  else if (o.all && targets.length === 0) ctx.out('no agents matched');
  if (failed > 0) ctx.setExitCode(ExitCode.ERROR);
}
