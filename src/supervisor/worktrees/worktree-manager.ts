/**
 * paseo's worktrees: created under PASEO_HOME/worktrees/<repo-hash>/<slug> (an existing one with the same slug is
 * reused), listed with their agents and work at risk, archived (agents stopped, teardown, worktree and branch
 * removed) only when nothing would be lost or with force. A path outside paseo's root is never touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AgentRecord } from '../../core/agent.js';
import { PaseoError } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import type {
  SetupOutcome,
  WorktreeArchived,
  WorktreeArchiveOptions,
  WorktreeCreated,
  WorktreeCreateOptions,
  WorktreeInfo,
} from '../../core/worktree.js';
import {
  addWorktree,
  branchSlug,
  defaultBranch,
  fetchPullRequest,
  listGitWorktrees,
  localBranchExists,
  refExists,
  removeWorktree,
  resolveRepo,
  showFile,
  workAtRisk,
} from '../../git/worktrees.js';
import { writeFileAtomic } from '../atomic-write.js';
import { runCommands } from './run-commands.js';
import { parsePaseoJson, SetupTrust, type ApprovalRequester } from './setup-trust.js';
import { worktreeDir, worktreeMetaFile, worktreesRoot } from './worktree-paths.js';

const log = createLogger('worktrees');

/** What the manager needs of the supervisor: the agents, to stop the ones inside a worktree. */
export interface WorktreeAgents {
  list(): Promise<AgentRecord[]>;
  archive(agentId: string): Promise<unknown>;
}

interface Meta {
  repoRoot: string;
  branchName?: string;
  base?: string;
}

export class WorktreeManager {
  private readonly trust: SetupTrust;

  constructor(
    private readonly home: string,
    approvals: ApprovalRequester,
    private readonly agents: WorktreeAgents,
    private readonly env: () => Record<string, string>,
  ) {
    this.trust = new SetupTrust(home, approvals);
  }

  get root(): string {
    return worktreesRoot(this.home);
  }

  async create(opts: WorktreeCreateOptions): Promise<WorktreeCreated> {
    const repo = await resolveRepo(path.resolve(opts.cwd ?? process.cwd()));
    const base = await defaultBranch(repo.root);
    let branch: string;
    let configRef = base;
    switch (opts.action) {
      case 'branch-off':
        branch = requireName(opts.branchName, 'branchName');
        configRef = opts.baseBranch ?? base;
        break;
      case 'checkout':
        branch = requireName(opts.refName, 'refName');
        break;
      case 'pr':
        if (!Number.isInteger(opts.prNumber) || opts.prNumber <= 0) throw new PaseoError('bad_request', `not a pull request number: ${opts.prNumber}`);
        branch = `pr-${opts.prNumber}`;
        break;
    }
    const slug = branchSlug(branch);
    const dir = worktreeDir(this.home, repo.hash, slug);
    const existing = (await listGitWorktrees(repo.root)).find((w) => samePath(w.path, dir));
    if (existing) return { branchName: existing.branch ?? branch, worktreePath: dir, slug, reused: true };
    if (fs.existsSync(dir)) throw new PaseoError('invalid_state', `${dir} exists but is no worktree of ${repo.root}; remove it or choose another branch name`, { dir });

    if (opts.action === 'branch-off') {
      if (!(await refExists(repo.root, configRef))) throw new PaseoError('bad_request', `base "${configRef}" is not a branch or commit of ${repo.root}`, { base: configRef });
      if (await localBranchExists(repo.root, branch)) await addWorktree(repo.root, dir, { branch });
      else await addWorktree(repo.root, dir, { newBranch: branch, base: configRef });
    } else if (opts.action === 'pr') {
      await fetchPullRequest(repo.root, opts.prNumber, branch);
      await addWorktree(repo.root, dir, { branch });
    } else if (await localBranchExists(repo.root, branch)) {
      await addWorktree(repo.root, dir, { branch });
    } else if (await refExists(repo.root, `refs/remotes/origin/${branch}`)) {
      // A branch only origin has: a local branch of the same name tracking it, as `git checkout <name>` would.
      await addWorktree(repo.root, dir, { newBranch: branch, base: `origin/${branch}` });
    } else {
      throw new PaseoError('bad_request', `"${branch}" is not a branch of ${repo.root} or of its origin`, { refName: branch });
    }
    await this.writeMeta(repo.hash, slug, { repoRoot: repo.root, branchName: branch, base: configRef });
    log.info('worktree.created', { dir, branch, action: opts.action });
    const setup = await this.runPhase('setup', repo.root, configRef, dir, branch, opts.requestedBy);
    return { branchName: branch, worktreePath: dir, slug, reused: false, ...(setup ? { setup } : {}) };
  }

  /** paseo's worktrees of the repository `cwd` is in. */
  async list(cwd: string): Promise<WorktreeInfo[]> {
    const repo = await resolveRepo(path.resolve(cwd));
    const under = path.join(this.root, repo.hash) + path.sep;
    const agents = await this.agents.list();
    const result: WorktreeInfo[] = [];
    for (const w of await listGitWorktrees(repo.root)) {
      if (!realOrSelf(w.path).startsWith(realOrSelf(path.join(this.root, repo.hash)) + path.sep) && !w.path.startsWith(under)) continue;
      const meta = this.readMeta(w.path);
      const risk = fs.existsSync(w.path) ? await workAtRisk(w.path, w.branch, meta?.base) : { uncommitted: [], unpushed: [] };
      result.push({
        slug: path.basename(w.path),
        worktreePath: w.path,
        ...(w.branch ? { branchName: w.branch } : {}),
        repoRoot: repo.root,
        agents: agents.filter((a) => !a.archivedAt && isInside(a.cwd, w.path)).map((a) => a.id),
        ...risk,
      });
    }
    return result;
  }

  async archive(opts: WorktreeArchiveOptions): Promise<WorktreeArchived> {
    const dir = await this.resolveTarget(opts);
    const repo = await resolveRepo(dir);
    const gitWt = (await listGitWorktrees(repo.root)).find((w) => samePath(w.path, dir));
    if (!gitWt) throw new PaseoError('invalid_state', `${dir} is not a worktree of ${repo.root}`, { dir });
    const meta = this.readMeta(dir);
    const branch = gitWt.branch;
    if (!opts.force) {
      const risk = await workAtRisk(dir, branch, meta?.base ?? (await defaultBranch(repo.root)));
      const lost: string[] = [];
      if (risk.uncommitted.length > 0) lost.push(`uncommitted changes: ${risk.uncommitted.map((l) => l.trim()).join(', ')}`);
      if (risk.unpushed.length > 0) lost.push(`commits on no remote branch and not merged into ${meta?.base ?? 'the base'}: ${risk.unpushed.join('; ')}`);
      if (lost.length > 0) {
        throw new PaseoError('invalid_state', `archiving ${dir} would lose ${lost.join('; and ')} (use --force to archive anyway)`, { dir, ...risk });
      }
    }
    const stopped: string[] = [];
    for (const a of await this.agents.list()) {
      if (a.archivedAt || !isInside(a.cwd, dir)) continue;
      await this.agents.archive(a.id);
      stopped.push(a.id);
    }
    const teardown = await this.runPhase('teardown', repo.root, meta?.base ?? (await defaultBranch(repo.root)), dir, branch, undefined);
    await removeWorktree(repo.root, dir, branch);
    fs.rmSync(worktreeMetaFile(this.home, repo.hash, path.basename(dir)), { force: true });
    log.info('worktree.archived', { dir, branch, stopped: stopped.length, force: !!opts.force });
    return { worktreePath: dir, ...(branch ? { branchName: branch } : {}), stoppedAgents: stopped, ...(teardown ? { teardown } : {}) };
  }

  /** A slug, path or branch of one of paseo's worktrees; anything outside paseo's root is refused. */
  private async resolveTarget(opts: WorktreeArchiveOptions): Promise<string> {
    const t = opts.target.trim();
    if (!t) throw new PaseoError('bad_request', 'name a worktree: its slug, path or branch');
    const asPath = path.resolve(opts.cwd ?? process.cwd(), t);
    if (t.includes(path.sep) && fs.existsSync(asPath)) {
      if (!isInside(realOrSelf(asPath), realOrSelf(this.root)) || samePath(asPath, this.root)) {
        throw new PaseoError('bad_request', `${asPath} is not one of paseo's worktrees (they live under ${this.root}); paseo never removes others`, { path: asPath });
      }
      return realOrSelf(asPath);
    }
    const hashes = opts.cwd ? [(await resolveRepo(path.resolve(opts.cwd))).hash] : this.repoHashes();
    const found: string[] = [];
    for (const hash of hashes) {
      const bySlug = path.join(this.root, hash, t);
      if (fs.existsSync(bySlug)) {
        found.push(bySlug);
        continue;
      }
      const slugOfBranch = path.join(this.root, hash, branchSlug(t));
      const meta = this.readMeta(slugOfBranch);
      if (fs.existsSync(slugOfBranch) && meta?.branchName === t) found.push(slugOfBranch);
    }
    if (found.length === 1) return found[0]!;
    if (found.length === 0) throw new PaseoError('not_found', `no paseo worktree "${t}" under ${this.root}`, { target: t });
    throw new PaseoError('ambiguous', `"${t}" names worktrees of several repositories: ${found.join(', ')}; pass --cwd`, { target: t, found });
  }

  /** Runs setup or teardown from `.paseo.json` at `ref`, once its content is trusted; undefined when there is none. */
  private async runPhase(phase: 'setup' | 'teardown', repoRoot: string, ref: string, dir: string, branch: string | undefined, requestedBy: string | undefined): Promise<SetupOutcome | undefined> {
    const text = await showFile(repoRoot, ref, '.paseo.json');
    if (text === undefined) return undefined;
    const commands = parsePaseoJson(text, `.paseo.json at ${ref}`)[phase];
    if (commands.length === 0) return { status: 'none', commands, results: [] };
    const decision = await this.trust.ensureTrusted({ text, commands, repoRoot, worktreePath: dir, requestedBy, phase });
    if (decision.behavior === 'deny') {
      log.info(`worktree.${phase}-denied`, { dir, reason: decision.message });
      return { status: 'denied', commands, results: [], message: decision.message };
    }
    const results = await runCommands(commands, { worktreePath: dir, branchName: branch, repoRoot, base: this.env() });
    log.info(`worktree.${phase}`, { dir, exitCodes: results.map((r) => r.exitCode) });
    return { status: 'ran', commands, results };
  }

  private repoHashes(): string[] {
    try {
      return fs.readdirSync(this.root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      return [];
    }
  }

  private readMeta(dir: string): Meta | undefined {
    try {
      return JSON.parse(fs.readFileSync(path.join(path.dirname(dir), `.${path.basename(dir)}.json`), 'utf8')) as Meta;
    } catch {
      return undefined;
    }
  }

  private async writeMeta(hash: string, slug: string, meta: Meta): Promise<void> {
    await writeFileAtomic(worktreeMetaFile(this.home, hash, slug), JSON.stringify(meta, null, 2));
  }
}

function requireName(value: string | undefined, field: string): string {
  const v = value?.trim();
  if (!v) throw new PaseoError('bad_request', `${field} is required`);
  if (v.startsWith('-') || /[\s~^:?*[\\]|\.\.|@\{/.test(v)) throw new PaseoError('bad_request', `${field} "${v}" is not a valid branch name`);
  return v;
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function samePath(a: string, b: string): boolean {
  return realOrSelf(a) === realOrSelf(b);
}

function isInside(child: string, parent: string): boolean {
  const c = realOrSelf(child);
  const p = realOrSelf(parent);
  return c === p || c.startsWith(p + path.sep);
}
