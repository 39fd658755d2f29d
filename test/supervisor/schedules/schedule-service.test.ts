// Schedules on a fake clock: cron (and its timezone), every, maxRuns, expiresIn, a busy target, no overlap, missed runs
// after a restart reported once, a new agent that asks failing fast, persistence across a restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScheduleService } from '../../../src/supervisor/schedules/schedule-service.js';
import { FakeScheduleApi } from './fake-schedule-api.js';

const T0 = Date.parse('2026-01-01T00:01:00Z');
const MIN = 60_000;

let home: string;
let api: FakeScheduleApi;
const services: ScheduleService[] = [];

function open(): ScheduleService {
  const s = ScheduleService.open(home, api);
  services.push(s);
  return s;
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-sched-'));
  api = new FakeScheduleApi();
});

afterEach(async () => {
  for (const s of services.splice(0)) {
    s.dispose();
    await s.flush();
  }
  vi.useRealTimers();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('timing', () => {
  it('every 5m: a new agent with the prompt each 5 minutes from creation', async () => {
    const svc = open();
    const s = await svc.create({ prompt: 'check CI', everyMs: 5 * MIN, provider: 'shell', cwd: '/tmp' });
    expect(s.nextRunAt).toBe(new Date(T0 + 5 * MIN).toISOString());
    await vi.advanceTimersByTimeAsync(5 * MIN - 1);
    expect(api.created).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.created).toEqual([expect.objectContaining({ prompt: 'check CI', provider: 'shell', cwd: '/tmp' })]);
    api.endTurn('agent1');
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(api.typed.map((t) => t.atMs - T0)).toEqual([5 * MIN, 10 * MIN]);
    // The previous run's agent sat idle: stopped when the next run started (one live agent per heartbeat).
    expect(api.stopped).toEqual(['agent1']);
    expect(svc.get(s.id).history.map((h) => h.outcome)).toEqual(['done', 'running']);
    expect(svc.get(s.id).runCount).toBe(2);
  });

  it('cron */5 fires on the five-minute marks; tz reads the expression in that zone', async () => {
    const svc = open();
    const s = await svc.create({ prompt: 'p', cron: '*/5 * * * *', tz: 'UTC' });
    expect(s.nextRunAt).toBe('2026-01-01T00:05:00.000Z');
    await vi.advanceTimersByTimeAsync(4 * MIN);
    expect(api.typed.map((t) => new Date(t.atMs).toISOString())).toEqual(['2026-01-01T00:05:00.000Z']);
    expect(svc.get(s.id).nextRunAt).toBe('2026-01-01T00:10:00.000Z');
    // 09:00 in Tokyo is midnight UTC.
    const tokyo = await svc.create({ prompt: 'p', cron: '0 9 * * *', tz: 'Asia/Tokyo' });
    expect(tokyo.nextRunAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('refuses a cron that is not 5 fields, a bad field, a bad timezone, and both or neither of cron/every', async () => {
    const svc = open();
    await expect(svc.create({ prompt: 'p', cron: '* * * * * *' })).rejects.toThrow(/5 fields/);
    await expect(svc.create({ prompt: 'p', cron: '61 * * * *' })).rejects.toThrow(/bad cron/);
    await expect(svc.create({ prompt: 'p', cron: '* * * * *', tz: 'Mars/Olympus' })).rejects.toThrow(/Mars\/Olympus/);
    await expect(svc.create({ prompt: 'p', cron: '* * * * *', everyMs: MIN })).rejects.toThrow(/one of cron or every/);
    await expect(svc.create({ prompt: 'p' })).rejects.toThrow(/one of cron or every/);
    await expect(svc.create({ prompt: ' ', everyMs: MIN })).rejects.toThrow(/prompt/);
  });

  it('maxRuns: completed after N runs, nothing more fires', async () => {
    const svc = open();
    const s = await svc.create({ prompt: 'p', everyMs: MIN, maxRuns: 2 });
    await vi.advanceTimersByTimeAsync(MIN);
    api.endTurn('agent1');
    await vi.advanceTimersByTimeAsync(MIN);
    api.endTurn('agent2');
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(api.created).toHaveLength(2);
    expect(svc.get(s.id)).toMatchObject({ state: 'completed', runCount: 2 });
    expect(svc.get(s.id).nextRunAt).toBeUndefined();
  });

  it('expiresIn: expired once the time passes, no run after it', async () => {
    const svc = open();
    const s = await svc.create({ prompt: 'p', everyMs: 5 * MIN, expiresInMs: 12 * MIN });
    await vi.advanceTimersByTimeAsync(5 * MIN);
    api.endTurn('agent1');
    await vi.advanceTimersByTimeAsync(5 * MIN);
    api.endTurn('agent2');
    expect(svc.get(s.id).state).toBe('active');
    await vi.advanceTimersByTimeAsync(2 * MIN);
    expect(svc.get(s.id).state).toBe('expired');
    await vi.advanceTimersByTimeAsync(30 * MIN);
    expect(api.created).toHaveLength(2);
  });
});

describe('runs', () => {
  it('a busy target: the prompt waits for its turn to end (queued), the run lasts until that prompt settled', async () => {
    const target = api.addAgent('running');
    const svc = open();
    const s = await svc.create({ prompt: 'heartbeat', everyMs: MIN, target });
    await vi.advanceTimersByTimeAsync(MIN);
    expect(api.typed).toEqual([]);
    expect(svc.get(s.id).history).toEqual([expect.objectContaining({ kind: 'run', outcome: 'queued', agentId: target })]);
    api.endTurn(target); // the user's turn ends: the schedule's prompt is typed now
    expect(api.typed.map((t) => t.text)).toEqual(['heartbeat']);
    await vi.advanceTimersByTimeAsync(0);
    expect(svc.get(s.id).history[0]!.outcome).toBe('queued');
    expect(svc.get(s.id).running).toBe(true);
    api.endTurn(target);
    await vi.advanceTimersByTimeAsync(0);
    expect(svc.get(s.id).history[0]!.outcome).toBe('done');
  });

  it('runs of one schedule never overlap: a firing during a run is skipped and noted', async () => {
    const svc = open();
    const s = await svc.create({ prompt: 'p', everyMs: MIN });
    await vi.advanceTimersByTimeAsync(3 * MIN);
    expect(api.created).toHaveLength(1);
    expect(svc.get(s.id).history.map((h) => h.kind)).toEqual(['run', 'skipped', 'skipped']);
    await expect(svc.control(s.id, 'run-now')).rejects.toThrow(/never overlap/);
    api.endTurn('agent1');
    await vi.advanceTimersByTimeAsync(MIN);
    expect(api.created).toHaveLength(2);
  });

  it('a new agent that asks permission fails the run at once, naming the tool, and is stopped', async () => {
    const svc = open();
    const s = await svc.create({ prompt: 'p', everyMs: MIN });
    await vi.advanceTimersByTimeAsync(MIN);
    api.ask('agent1', 'Bash', 'rm -rf build');
    await vi.advanceTimersByTimeAsync(0);
    const run = svc.get(s.id).history[0]!;
    expect(run).toMatchObject({ outcome: 'failed', agentId: 'agent1' });
    expect(run.message).toMatch(/permission for Bash \(rm -rf build\)/);
    expect(api.stopped).toEqual(['agent1']);
  });

  it('allowAsk: the run waits through the ask', async () => {
    const svc = open();
    const s = await svc.create({ prompt: 'p', everyMs: MIN, allowAsk: true });
    await vi.advanceTimersByTimeAsync(MIN);
    api.ask('agent1', 'Bash', 'ls');
    await vi.advanceTimersByTimeAsync(0);
    expect(svc.get(s.id).history[0]!.outcome).toBe('running');
    api.set('agent1', 'running');
    api.endTurn('agent1');
    await vi.advanceTimersByTimeAsync(0);
    expect(svc.get(s.id).history[0]!.outcome).toBe('done');
    expect(api.stopped).toEqual([]);
  });

  it('pause stops firing, resume starts again from now; run-now runs once; delete removes the file', async () => {
    const svc = open();
    const s = await svc.create({ prompt: 'p', everyMs: MIN, name: 'beat' });
    await svc.control('beat', 'pause');
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(api.created).toHaveLength(0);
    await svc.control(s.id.slice(0, 3), 'resume');
    await vi.advanceTimersByTimeAsync(MIN);
    expect(api.created).toHaveLength(1);
    api.endTurn('agent1');
    await vi.advanceTimersByTimeAsync(0);
    await svc.control(s.id, 'run-now');
    await vi.advanceTimersByTimeAsync(0);
    expect(api.created).toHaveLength(2);
    expect(svc.get(s.id).history[1]).toMatchObject({ manual: true });
    await svc.delete(s.id);
    await svc.flush();
    expect(fs.readdirSync(path.join(home, 'schedules')).filter((f) => f.endsWith('.json'))).toEqual([]);
  });
});

describe('restart', () => {
  it('schedules survive a restart; runs missed while down are reported once, not replayed', async () => {
    const first = open();
    const s = await first.create({ prompt: 'p', everyMs: 5 * MIN });
    await vi.advanceTimersByTimeAsync(5 * MIN);
    api.endTurn('agent1');
    await vi.advanceTimersByTimeAsync(0);
    first.dispose();
    await first.flush();
    // The daemon is down for an hour: firings at 10, 15, …, 65 minutes are missed (12 of them).
    vi.setSystemTime(T0 + 65 * MIN + 30_000);
    const second = open();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.created).toHaveLength(1);
    const d = second.get(s.id);
    expect(d.runCount).toBe(1);
    expect(d.history.map((h) => h.kind)).toEqual(['run', 'missed']);
    expect(d.history[1]).toMatchObject({ count: 12 });
    expect(d.history[1]!.message).toMatch(/^missed 12 runs between 2026-01-01T00:11:00.000Z and /);
    expect(d.nextRunAt).toBe(new Date(T0 + 70 * MIN).toISOString());
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(api.created).toHaveLength(2);
    // A third start with nothing missed adds nothing.
    second.dispose();
    await second.flush();
    api.endTurn('agent2');
    const third = open();
    await vi.advanceTimersByTimeAsync(0);
    expect(third.get(s.id).history.filter((h) => h.kind === 'missed')).toHaveLength(1);
  });

  it('a run that was going when the daemon stopped is marked failed, not left running', async () => {
    const first = open();
    const s = await first.create({ prompt: 'p', everyMs: 5 * MIN });
    await vi.advanceTimersByTimeAsync(5 * MIN);
    first.dispose();
    await first.flush();
    const second = open();
    const d = second.get(s.id);
    expect(d.running).toBe(false);
    expect(d.history[0]).toMatchObject({ outcome: 'failed', message: 'the daemon stopped during the run' });
  });

  it('dispose clears every timer', async () => {
    const svc = open();
    await svc.create({ prompt: 'p', everyMs: MIN });
    await svc.create({ prompt: 'p', cron: '* * * * *' });
    expect(vi.getTimerCount()).toBe(2);
    svc.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
