/** Runs `.paseo.json` setup/teardown commands one after another in a worktree; output and exit codes are kept, never swallowed. */
import { spawn } from 'node:child_process';
import type { SetupCommandResult } from '../../core/worktree.js';
import { Worktrees } from '../../core/constants.js';

export interface CommandEnv {
  worktreePath: string;
  branchName?: string;
  repoRoot: string;
  base: Record<string, string>;
}

/** Stops at the first command that fails: the ones after it likely depend on it. */
export async function runCommands(commands: string[], env: CommandEnv): Promise<SetupCommandResult[]> {
  const results: SetupCommandResult[] = [];
  for (const command of commands) {
    const result = await runOne(command, env);
    results.push(result);
    if (result.exitCode !== 0) break;
  }
  return results;
}

function runOne(command: string, env: CommandEnv): Promise<SetupCommandResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: env.worktreePath,
      env: {
        ...env.base,
        PASEO_WORKTREE_PATH: env.worktreePath,
        PASEO_ROOT_PATH: env.repoRoot,
        ...(env.branchName ? { PASEO_BRANCH_NAME: env.branchName } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      // The end of a long log is what says why it failed.
      output = (output + chunk.toString('utf8')).slice(-Worktrees.SETUP_OUTPUT_MAX_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => resolve({ command, exitCode: 127, output: output + err.message }));
    child.on('close', (code, signal) => resolve({ command, exitCode: code ?? (signal ? 128 : 1), output }));
  });
}
