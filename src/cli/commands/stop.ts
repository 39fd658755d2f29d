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
  registerBulk(program, ctx, {
    name: 'stop',
    description: 'stop agents (each one\'s whole process group); their history stays readable',
    allHelp: 'every agent that runs (narrowed by --cwd, --status, --since)',
    // --all: only agents with a process; an exited one has nothing to stop.
    pick: (a, o) => !o.all || isLive(a.status),
    act: (api, a) => api.stopAgent(a.id),
    line: (a) => `stopped ${a.id}: ${statusLabel(a)}`,
  });
  registerBulk(program, ctx, {
    name: 'archive',
    description: 'stop agents if they run and hide them from `paseo ls` (see them with ls --all)',
    allHelp: 'every agent ls shows (narrowed by --cwd, --status, --since), e.g. --all --status exited',
    act: (api, a) => api.archiveAgent(a.id),
    line: (a) => `archived ${a.id}`,
  });
}

/** A command that acts on agents named by id, prefix or title, or on `--all` narrowed by the filters of `ls`. */
interface BulkCommand {
  name: string;
  description: string;
  allHelp: string;
  /** Which selected agents it acts on (default: all of them). */
  pick?: (a: AgentRecord, o: Selection) => boolean;
  act: (api: PaseoApi, a: AgentRecord) => Promise<AgentRecord>;
  /** The line printed for an agent acted on (without --json). */
  line: (a: AgentRecord) => string;
}

function registerBulk(program: Command, ctx: CommandContext, c: BulkCommand): void {
  addFilterOptions(
    program
      .command(c.name)
      .description(c.description)
      .argument('[ids...]', 'agent ids, unique prefixes or exact titles')
      .option('-a, --all', c.allHelp),
  ).action(async (ids: string[], o: Selection) => {
    checkSelection(ids, o, c.name);
    const api = await ctx.api();
    const targets = (await selectAgents(api, ids, o, c.name)).filter((a) => c.pick?.(a, o) ?? true);
    await actOn(ctx, ids, o, targets, (a) => c.act(api, a), c.line);
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
