/**
 * Schedules ("heartbeats"): each active schedule holds one timer to its next firing. A firing sends the prompt to its
 * target agent (queued behind a busy turn, as `send` does) or starts a new agent with it, and the run lasts until
 * that agent settles; a firing while the previous run still goes is skipped and noted, so runs never overlap.
 * Firings that fell while the daemon was down are counted once into one "missed" entry, never replayed.
 */
import { randomBytes } from 'node:crypto';
import type { PaseoApi } from '../../core/api.js';
import { Schedules } from '../../core/constants.js';
import type { Disposable } from '../../core/disposable.js';
import { NotFoundError, PaseoError, errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import type { ScheduleAction, ScheduleCreateOptions, ScheduleDetail, ScheduleInfo, ScheduleRun } from '../../core/schedule.js';
import { ScheduleStore } from './schedule-store.js';
import { countFirings, nextFireMs, parseCron } from './schedule-timing.js';
import { runTarget } from './run-target.js';

const log = createLogger('schedules');

export type ScheduleApi = Pick<PaseoApi, 'createAgent' | 'getAgent' | 'sendText' | 'waitForAgent' | 'stopAgent' | 'listApprovals' | 'onDidChangeAgent'>;

export class ScheduleService implements Disposable {
  private readonly schedules = new Map<string, ScheduleDetail>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private disposed = false;

  private constructor(
    private readonly store: ScheduleStore,
    private readonly api: ScheduleApi,
  ) {}

  /** Loads PASEO_HOME/schedules/, notes what was missed while down, and arms the timers. */
  static open(home: string, api: ScheduleApi): ScheduleService {
    const service = new ScheduleService(new ScheduleStore(home), api);
    for (const s of service.store.loadAll()) service.recover(s);
    return service;
  }

  async create(opts: ScheduleCreateOptions): Promise<ScheduleInfo> {
    const prompt = opts.prompt?.trim() ? opts.prompt : undefined;
    if (!prompt) throw new PaseoError('bad_request', 'a schedule needs a prompt');
    if ((opts.cron === undefined) === (opts.everyMs === undefined)) throw new PaseoError('bad_request', 'give one of cron or every');
    if (opts.cron !== undefined) parseCron(opts.cron, opts.tz);
    else if (opts.tz) throw new PaseoError('bad_request', 'tz applies to cron schedules only');
    if (opts.everyMs !== undefined && !(Number.isSafeInteger(opts.everyMs) && opts.everyMs >= Schedules.MIN_EVERY_MS)) {
      throw new PaseoError('bad_request', `every must be at least ${Schedules.MIN_EVERY_MS / 1000}s`);
    }
    if (opts.maxRuns !== undefined && !(Number.isSafeInteger(opts.maxRuns) && opts.maxRuns >= 1)) throw new PaseoError('bad_request', 'maxRuns must be a positive integer');
    if (opts.expiresInMs !== undefined && !(opts.expiresInMs > 0)) throw new PaseoError('bad_request', 'expiresIn must be a positive duration');
    const target = opts.target ?? 'new-agent';
    if (target !== 'new-agent') await this.api.getAgent(target).catch((err: unknown) => {
      throw new PaseoError('bad_request', `target: ${errorMessage(err)}`);
    });
    const now = Date.now();
    const id = randomBytes(4).toString('hex');
    const s: ScheduleDetail = {
      id,
      name: opts.name?.trim() || `schedule ${id}`,
      prompt,
      ...defined({ cron: opts.cron?.trim(), tz: opts.tz, everyMs: opts.everyMs, provider: opts.provider, cwd: opts.cwd, mode: opts.mode, maxRuns: opts.maxRuns }),
      target: target === 'new-agent' ? target : (await this.api.getAgent(target)).id,
      ...(opts.expiresInMs !== undefined ? { expiresAt: new Date(now + opts.expiresInMs).toISOString() } : {}),
      ...(opts.allowAsk ? { allowAsk: true } : {}),
      ...(opts.createdBy ? { createdBy: opts.createdBy } : {}),
      state: 'active',
      createdAt: new Date(now).toISOString(),
      runCount: 0,
      running: false,
      history: [],
    };
    this.schedules.set(id, s);
    this.arm(s, now);
    await this.store.save(s);
    log.info('schedule.create', { scheduleId: id, cron: s.cron, everyMs: s.everyMs, target: s.target });
    return info(s);
  }

  list(): ScheduleInfo[] {
    return [...this.schedules.values()].map(info);
  }

  get(id: string): ScheduleDetail {
    const s = this.find(id);
    return { ...info(s), history: s.history.map((h) => ({ ...h })) };
  }

  async control(id: string, action: ScheduleAction): Promise<ScheduleInfo> {
    const s = this.find(id);
    if (action === 'pause') {
      if (s.state === 'active') s.state = 'paused';
      this.disarm(s);
    } else if (action === 'resume') {
      if (s.state === 'completed' || s.state === 'expired') throw new PaseoError('invalid_state', `schedule ${s.id} is ${s.state}`);
      s.state = 'active';
      this.arm(s, Date.now());
    } else {
      if (s.running) throw new PaseoError('busy', `schedule ${s.id} has a run going; runs of one schedule never overlap`);
      void this.fire(s, true);
    }
    await this.store.save(s);
    return info(s);
  }

  async delete(id: string): Promise<ScheduleInfo> {
    const s = this.find(id);
    this.disarm(s);
    this.schedules.delete(s.id);
    await this.store.remove(s.id);
    log.info('schedule.delete', { scheduleId: s.id });
    return info(s);
  }

  /** Every write asked for so far is on disk (tests, shutdown). */
  flush(): Promise<void> {
    return this.store.flush();
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private find(id: string): ScheduleDetail {
    const exact = this.schedules.get(id);
    if (exact) return exact;
    const matches = [...this.schedules.values()].filter((s) => id !== '' && (s.id.startsWith(id) || s.name === id));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw new PaseoError('ambiguous', `"${id}" matches ${matches.length} schedules`, { scheduleId: id });
    throw new NotFoundError(`no schedule "${id}"`, { scheduleId: id });
  }

  /** After a restart: a run that was going is over (its daemon is gone), missed firings become one entry. */
  private recover(s: ScheduleDetail): void {
    this.schedules.set(s.id, s);
    const now = Date.now();
    let changed = false;
    if (s.running) {
      s.running = false;
      for (const h of s.history) if (h.kind === 'run' && (h.outcome === 'queued' || h.outcome === 'running')) {
        h.outcome = 'failed';
        h.message = 'the daemon stopped during the run';
        h.endedAt = new Date(now).toISOString();
      }
      changed = true;
    }
    if (s.state === 'active' && s.nextRunAt) {
      const first = Date.parse(s.nextRunAt);
      const until = Math.min(now, s.expiresAt ? Date.parse(s.expiresAt) : now);
      const missed = first <= until ? Math.min(countFirings(s, first, until, Schedules.MISSED_COUNT_CAP), s.maxRuns !== undefined ? s.maxRuns - s.runCount : Infinity) : 0;
      if (missed > 0) {
        const from = new Date(first).toISOString();
        const to = new Date(now).toISOString();
        this.record(s, { kind: 'missed', at: to, count: missed, message: `missed ${missed} run${missed === 1 ? '' : 's'} between ${from} and ${to} (the daemon was down)` });
        log.info('schedule.missed', { scheduleId: s.id, count: missed, from, to });
        changed = true;
      }
    }
    if (s.state === 'active') {
      const before = s.nextRunAt;
      this.arm(s, now);
      changed ||= before !== s.nextRunAt;
    }
    if (changed) void this.store.save(s);
  }

  /** One timer to the next firing after `fromMs`; ends the schedule when it expired or fires no more. */
  private arm(s: ScheduleDetail, fromMs: number): void {
    this.disarm(s);
    if (this.disposed || s.state !== 'active') return;
    if (s.maxRuns !== undefined && s.runCount >= s.maxRuns) return this.end(s, 'completed');
    const expires = s.expiresAt ? Date.parse(s.expiresAt) : Infinity;
    const next = nextFireMs(s, fromMs);
    if (next === undefined) return this.end(s, 'completed');
    if (next > expires) {
      if (expires <= fromMs) return this.end(s, 'expired');
      s.nextRunAt = undefined;
      return this.setTimer(s, expires, () => this.end(s, 'expired'));
    }
    s.nextRunAt = new Date(next).toISOString();
    this.setTimer(s, next, () => {
      void this.fire(s, false);
      this.arm(s, next);
      void this.store.save(s);
    });
  }

  /** A wait longer than a timer can hold re-arms at the limit. */
  private setTimer(s: ScheduleDetail, atMs: number, fn: () => void): void {
    const delay = Math.max(0, atMs - Date.now());
    const timer = delay > Schedules.MAX_TIMER_MS
      ? setTimeout(() => this.arm(s, Date.now() - 1), Schedules.MAX_TIMER_MS)
      : setTimeout(fn, delay);
    timer.unref();
    this.timers.set(s.id, timer);
  }

  private disarm(s: ScheduleDetail): void {
    const t = this.timers.get(s.id);
    if (t) clearTimeout(t);
    this.timers.delete(s.id);
    if (s.state !== 'active') s.nextRunAt = undefined;
  }

  private end(s: ScheduleDetail, state: 'completed' | 'expired'): void {
    this.disarm(s);
    s.state = state;
    s.nextRunAt = undefined;
    log.info('schedule.end', { scheduleId: s.id, state });
    void this.store.save(s);
  }

  private async fire(s: ScheduleDetail, manual: boolean): Promise<void> {
    const at = new Date().toISOString();
    if (s.running) {
      this.record(s, { kind: 'skipped', at, message: 'the previous run was still going' });
      return void this.store.save(s);
    }
    s.running = true;
    s.runCount++;
    s.lastRunAt = at;
    const run: ScheduleRun = { kind: 'run', at, outcome: 'running', ...(manual ? { manual: true } : {}) };
    this.record(s, run);
    if (s.maxRuns !== undefined && s.runCount >= s.maxRuns && s.state === 'active') this.end(s, 'completed');
    void this.store.save(s);
    try {
      if (s.target === 'new-agent') await this.retirePrevious(s, run);
      const result = await runTarget(this.api, s, {
        started: (agentId, queued) => {
          run.agentId = agentId;
          run.outcome = queued ? 'queued' : 'running';
          void this.store.save(s);
        },
      });
      run.outcome = result.ok ? 'done' : 'failed';
      if (result.message) run.message = result.message;
    } catch (err) {
      run.outcome = 'failed';
      run.message = errorMessage(err);
    }
    run.endedAt = new Date().toISOString();
    s.running = false;
    log.info('schedule.run', { scheduleId: s.id, outcome: run.outcome, agentId: run.agentId, message: run.message });
    if (this.schedules.has(s.id)) void this.store.save(s);
  }

  /**
   * A heartbeat into new agents would otherwise leave one live process per run: the previous run's agent is stopped
   * when the next starts, if it sits idle (its record and screen stay, for `paseo logs`). One still working or
   * waiting for a person is left alone.
   */
  private async retirePrevious(s: ScheduleDetail, current: ScheduleRun): Promise<void> {
    const previous = [...s.history].reverse().find((h) => h !== current && h.kind === 'run' && h.agentId);
    if (!previous?.agentId) return;
    const agent = await this.api.getAgent(previous.agentId).catch(() => undefined);
    if (agent?.status !== 'idle') return;
    await this.api.stopAgent(agent.id).catch((err: unknown) => log.warn('schedule.retire-failed', { scheduleId: s.id, agentId: agent.id, error: errorMessage(err) }));
  }

  private record(s: ScheduleDetail, entry: ScheduleRun): void {
    s.history.push(entry);
    if (s.history.length > Schedules.HISTORY_MAX_ENTRIES) s.history.splice(0, s.history.length - Schedules.HISTORY_MAX_ENTRIES);
  }
}

function info(s: ScheduleDetail): ScheduleInfo {
  const { history: _history, ...rest } = s;
  return { ...rest };
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
