/**
 * What `createAgent` checks before it makes a record: a start that cannot work (no such cwd, a mode the provider
 * does not have, a command that is not there) fails with one line and leaves nothing behind, rather than an agent
 * record in 'error' the user then has to remove.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AgentAdapter } from '../core/adapter.js';
import type { AgentMode } from '../core/agent.js';
import { PaseoError } from '../core/errors.js';

export interface CreateCheck {
  cwd: string;
  mode?: AgentMode;
  adapter: AgentAdapter;
  /** The argv of a `command` agent. */
  command?: string[];
  /** The environment the agent would start with (its PATH finds the command). */
  env: Record<string, string>;
}

export function validateCreate(c: CreateCheck): void {
  checkCwd(c.cwd);
  if (c.mode !== undefined && !c.adapter.modes.includes(c.mode)) {
    throw new PaseoError('bad_request', `provider "${c.adapter.name}" has no mode "${c.mode}" (its modes: ${c.adapter.modes.join(', ')})`, {
      provider: c.adapter.name,
      mode: c.mode,
      modes: [...c.adapter.modes],
    });
  }
  const file = c.command?.[0];
  if (file !== undefined && resolveProgram(file, c.cwd, c.env.PATH) === undefined) {
    throw new PaseoError('bad_request', `command not found: ${file}`, { command: file });
  }
}

function checkCwd(cwd: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(cwd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PaseoError('bad_request', code === 'ENOENT' ? `cwd ${cwd} does not exist` : `cwd ${cwd} cannot be read (${code})`, { cwd });
  }
  if (!stat.isDirectory()) throw new PaseoError('bad_request', `cwd ${cwd} is not a directory`, { cwd });
}

/** The file execvp would run: a path (relative to the agent's cwd) or a name on PATH; undefined when none is executable. */
export function resolveProgram(file: string, cwd: string, envPath: string | undefined): string | undefined {
  if (file.includes('/')) {
    const full = path.resolve(cwd, file);
    return isExecutableFile(full) ? full : undefined;
  }
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.resolve(cwd, dir, file);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
