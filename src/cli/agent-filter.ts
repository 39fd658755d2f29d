/** The agent filters `ls` takes (`--cwd`, `--status`, `--since`), shared with `stop --all` and `archive --all`. */
import path from 'node:path';
import type { Command } from 'commander';
import { AGENT_STATUSES, type AgentFilter, type AgentStatus } from '../core/agent.js';
import { UsageError } from './usage-error.js';

export interface FilterOptions {
  cwd?: string;
  status?: string;
  since?: string;
}

export function parseStatuses(value: string): AgentStatus[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) {
    if (!(AGENT_STATUSES as readonly string[]).includes(s)) {
      throw new UsageError(`unknown status "${s}" (one of: ${AGENT_STATUSES.join(', ')})`);
    }
  }
  return list as AgentStatus[];
}

export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--cwd <dir>', 'only agents working in this directory')
    .option('--status <list>', `only these statuses, comma separated (${AGENT_STATUSES.join(',')})`)
    .option('--since <hours>', 'only agents updated in the last N hours');
}

export function hasFilter(o: FilterOptions): boolean {
  return o.cwd !== undefined || o.status !== undefined || o.since !== undefined;
}

export function parseFilter(o: FilterOptions, includeArchived: boolean): AgentFilter {
  const since = o.since === undefined ? undefined : Number(o.since);
  if (since !== undefined && !(since > 0)) throw new UsageError(`invalid --since "${o.since}" (hours, > 0)`);
  return {
    includeArchived,
    cwd: o.cwd ? path.resolve(o.cwd) : undefined,
    statuses: o.status ? parseStatuses(o.status) : undefined,
    sinceHours: since,
  };
}
