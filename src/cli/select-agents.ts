/**
 * Which agents `stop` and `archive` act on: ids (full, a unique prefix, or an exact title), or `--all` with the
 * filters of `ls`. Every name is resolved before anything is done, so a typo stops nothing.
 */
import type { PaseoApi } from '../core/api.js';
import type { AgentRecord } from '../core/agent.js';
import { PaseoError } from '../core/errors.js';
import { hasFilter, parseFilter, type FilterOptions } from './agent-filter.js';
import { UsageError } from './usage-error.js';

export interface Selection extends FilterOptions {
  all?: boolean;
}

/** The usage checks, before anything connects: exit 2 without a daemon too. */
export function checkSelection(names: string[], o: Selection, verb: string): void {
  if (o.all) {
    if (names.length > 0) throw new UsageError(`${verb}: give agent ids or --all, not both`);
    parseFilter(o, false);
    return;
  }
  if (hasFilter(o)) throw new UsageError(`${verb}: --cwd, --status and --since go with --all`);
  if (names.length === 0) throw new UsageError(`${verb}: give one or more agent ids (or titles), or --all`);
}

export async function selectAgents(api: PaseoApi, names: string[], o: Selection, verb: string): Promise<AgentRecord[]> {
  checkSelection(names, o, verb);
  if (o.all) return api.listAgents(parseFilter(o, false));
  let everyone: Promise<AgentRecord[]> | undefined;
  const picked = new Map<string, AgentRecord>();
  for (const name of names) {
    const agent = await resolveOne(api, name, () => (everyone ??= api.listAgents({ includeArchived: true })));
    picked.set(agent.id, agent);
  }
  return [...picked.values()];
}

/** An id or unique id prefix; failing that, an exact title (several agents with that title: an error naming them). */
async function resolveOne(api: PaseoApi, name: string, all: () => Promise<AgentRecord[]>): Promise<AgentRecord> {
  try {
    return await api.getAgent(name);
  } catch (err) {
    if (!(err instanceof PaseoError) || (err.code !== 'not_found' && err.code !== 'ambiguous')) throw err;
    const titled = (await all()).filter((a) => a.title === name);
    if (titled.length === 1) return titled[0]!;
    if (titled.length > 1) {
      throw new PaseoError('ambiguous', `title "${name}" names ${titled.length} agents: ${titled.map((a) => a.id).join(', ')}`, { name });
    }
    throw err;
  }
}
