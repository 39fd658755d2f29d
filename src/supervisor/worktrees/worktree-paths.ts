/** Where worktrees and their trust live under PASEO_HOME (the one owner of these paths). */
import path from 'node:path';

/** PASEO_HOME/worktrees: every worktree paseo makes is below it, and it never touches one that is not. */
export function worktreesRoot(home: string): string {
  return path.join(home, 'worktrees');
}

/** PASEO_HOME/worktrees/<repo-hash>/<slug> */
export function worktreeDir(home: string, repoHash: string, slug: string): string {
  return path.join(worktreesRoot(home), repoHash, slug);
}

/** What paseo remembers of a worktree it made (its base, for "not merged into the base"), beside its directory. */
export function worktreeMetaFile(home: string, repoHash: string, slug: string): string {
  return path.join(worktreesRoot(home), repoHash, `.${slug}.json`);
}

/** Hashes of `.paseo.json` contents the user trusted to run. */
export function trustedSetupFile(home: string): string {
  return path.join(home, 'trusted-setup.json');
}
