/**
 * Diffs of agents' working trees for clients (`agent.diff`), and change waits (`agent.diffWait`): while at least one
 * client waits on an agent, its repository's `git status` fingerprint is polled every Diff.POLL_INTERVAL_MS, and a wait
 * is answered once the fingerprint differs from the client's and held still for one poll (debounced: an agent writing
 * many files gives one refresh). Nobody waiting, no polling: a large repo costs nothing while no diff view is open.
 */
import type { AgentRecord } from '../../core/agent.js';
import { Diff } from '../../core/constants.js';
import type { Disposable } from '../../core/disposable.js';
import type { AgentDiff, DiffOptions, DiffWaitResult } from '../../core/diff-types.js';
import { toPaseoError, type PaseoError } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import { repoFingerprint } from '../../git/changed-files.js';
import { readDiff } from '../../git/diff.js';
import { GitRunner, type GitRunnerOptions } from '../../git/git-runner.js';

const log = createLogger('supervisor.diffs');

interface Waiter {
  fingerprint: string;
  resolve(result: DiffWaitResult): void;
  reject(err: PaseoError): void;
  timer: NodeJS.Timeout;
}

interface Poller {
  cwd: string;
  /** Opened on the first poll and kept while the poller lives: a poll is then two git commands, not three. */
  git: GitRunner | undefined;
  waiters: Set<Waiter>;
  last: string | undefined;
  timer: NodeJS.Timeout | undefined;
  running: boolean;
}

export interface AgentDiffsOptions extends GitRunnerOptions {
  pollIntervalMs?: number;
}

export class AgentDiffs implements Disposable {
  /** By agent id. */
  private readonly pollers = new Map<string, Poller>();
  private disposed = false;

  constructor(
    /** The agent's current record (throws NotFoundError / ambiguous like every method). */
    private readonly find: (agentId: string) => AgentRecord,
    private readonly opts: AgentDiffsOptions = {},
  ) {}

  async diff(agentId: string, opts: DiffOptions = {}): Promise<AgentDiff> {
    const record = this.find(agentId);
    const git = await GitRunner.open(record.cwd, this.opts);
    return { agentId: record.id, ...(await readDiff(git, { ...opts, start: record.gitStart })) };
  }

  /** Resolves `changed` once the repository no longer matches `fingerprint` (debounced), or unchanged at the timeout. */
  waitChange(agentId: string, fingerprint: string, timeoutMs: number = Diff.WAIT_MAX_MS): Promise<DiffWaitResult> {
    const record = this.find(agentId);
    let poller = this.pollers.get(record.id);
    if (!poller) {
      poller = { cwd: record.cwd, git: undefined, waiters: new Set(), last: undefined, timer: undefined, running: false };
      this.pollers.set(record.id, poller);
    }
    const p = poller;
    return new Promise<DiffWaitResult>((resolve, reject) => {
      const waiter: Waiter = {
        fingerprint,
        resolve,
        reject,
        timer: setTimeout(() => this.settle(record.id, p, waiter, { changed: false, fingerprint: p.last ?? fingerprint }), Math.min(timeoutMs, Diff.WAIT_MAX_MS)),
      };
      p.waiters.add(waiter);
      if (!p.running && !p.timer) void this.poll(record.id, p);
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const [id, p] of this.pollers) for (const w of [...p.waiters]) this.settle(id, p, w, { changed: false, fingerprint: w.fingerprint });
    this.pollers.clear();
  }

  private async poll(agentId: string, p: Poller): Promise<void> {
    p.timer = undefined;
    if (this.disposed || p.waiters.size === 0) return;
    p.running = true;
    try {
      p.git ??= await GitRunner.open(p.cwd, this.opts);
      const now = await repoFingerprint(p.git);
      const still = now === p.last;
      p.last = now;
      if (still) for (const w of [...p.waiters]) if (w.fingerprint !== now) this.settle(agentId, p, w, { changed: true, fingerprint: now });
    } catch (err) {
      const e = toPaseoError(err);
      log.debug('poll.failed', { agentId, error: e.message });
      for (const w of [...p.waiters]) {
        clearTimeout(w.timer);
        p.waiters.delete(w);
        w.reject(e);
      }
    } finally {
      p.running = false;
    }
    if (p.waiters.size > 0 && !this.disposed) {
      p.timer = setTimeout(() => void this.poll(agentId, p), this.opts.pollIntervalMs ?? Diff.POLL_INTERVAL_MS);
      p.timer.unref?.();
    } else this.drop(agentId, p);
  }

  private settle(agentId: string, p: Poller, w: Waiter, result: DiffWaitResult): void {
    clearTimeout(w.timer);
    if (!p.waiters.delete(w)) return;
    w.resolve(result);
    if (p.waiters.size === 0) this.drop(agentId, p);
  }

  private drop(agentId: string, p: Poller): void {
    if (p.waiters.size > 0 || p.running) return;
    if (p.timer) clearTimeout(p.timer);
    p.timer = undefined;
    if (this.pollers.get(agentId) === p) this.pollers.delete(agentId);
  }
}
