/** The branch and commit an agent's cwd is at when it is created; nothing for a directory outside git (or without git). */
import type { GitStart } from '../../core/diff-types.js';
import { readGitStart } from '../../git/diff.js';
import { GitRunner } from '../../git/git-runner.js';

export async function gitStartOf(cwd: string): Promise<GitStart | undefined> {
  try {
    const start = await readGitStart(await GitRunner.open(cwd));
    return start.head || start.branch ? start : undefined;
  } catch {
    // Not a repository, or no git: the agent has no base to diff against, which agent.diff says when asked.
    return undefined;
  }
}
