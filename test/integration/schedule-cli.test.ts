// `paseo schedule` through the built CLI against a real daemon: a real `--every 2s` heartbeat into a shell agent, its
// history in `schedule logs`, pause, and the schedule still there after a daemon restart.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleDetail, ScheduleInfo, ScheduleRun } from '../../src/core/schedule.js';
import { PaseoSandbox, until } from '../helpers/paseo-cli.js';

let sb: PaseoSandbox;
beforeEach(async () => {
  sb = await PaseoSandbox.create();
});
afterEach(async () => {
  await sb.dispose();
});

describe('paseo schedule', () => {
  it('--every 2s sends the prompt to a shell agent, runs are logged, pause stops them, the schedule survives a restart', async () => {
    const agentId = (await sb.run(['run', '-d', '--provider', 'shell', '--title', 'beat-target'])).stdout.trim();
    expect(agentId).toMatch(/^[0-9a-f]+$/);
    const ticks = path.join(sb.home, 'ticks.txt');
    const created = await sb.run(['schedule', 'create', '--json', '--every', '2s', '--name', 'beat', '--target', agentId, `echo tick >> ${ticks}`]);
    expect(created.stderr).toBe('');
    const s = JSON.parse(created.stdout) as ScheduleInfo;
    expect(s).toMatchObject({ name: 'beat', target: agentId, everyMs: 2000, state: 'active' });

    // Two real runs reach the shell, each recorded as done.
    await until(() => fs.existsSync(ticks) && fs.readFileSync(ticks, 'utf8').split('\n').filter(Boolean).length >= 2, 'two ticks', 20_000);
    const runs = await until(async () => {
      const h = JSON.parse((await sb.run(['schedule', 'logs', '--json', 'beat'])).stdout) as ScheduleRun[];
      return h.filter((r) => r.kind === 'run' && r.outcome === 'done').length >= 2 ? h : undefined;
    }, 'two runs done', 20_000);
    expect(runs.filter((r) => r.kind === 'run').every((r) => r.agentId === agentId)).toBe(true);

    const human = await sb.run(['schedule', 'ls']);
    expect(human.stdout).toMatch(new RegExp(`${s.id}\\s+beat\\s+every 2s\\s+${agentId}\\s+active`));
    const paused = JSON.parse((await sb.run(['schedule', 'pause', '--json', s.id])).stdout) as ScheduleInfo;
    expect(paused.state).toBe('paused');
    const before = (JSON.parse((await sb.run(['schedule', 'inspect', '--json', s.id])).stdout) as ScheduleDetail).runCount;

    expect((await sb.run(['daemon', 'stop'])).code).toBe(0);
    expect((await sb.run(['daemon', 'start'])).code).toBe(0);
    const after = JSON.parse((await sb.run(['schedule', 'ls', '--json'])).stdout) as ScheduleInfo[];
    expect(after).toEqual([expect.objectContaining({ id: s.id, name: 'beat', state: 'paused', runCount: before })]);
    expect(fs.existsSync(path.join(sb.home, 'schedules', `${s.id}.json`))).toBe(true);

    const deleted = await sb.run(['schedule', 'delete', 'beat']);
    expect(deleted.stdout.trim()).toBe(`deleted schedule ${s.id}`);
    expect(JSON.parse((await sb.run(['schedule', 'ls', '--json'])).stdout)).toEqual([]);
  }, 60_000);

  it('--target new-agent starts a shell agent with the prompt each run; --max-runs 1 completes it', async () => {
    const out = path.join(sb.home, 'new-agent.txt');
    const created = JSON.parse((await sb.run(['schedule', 'create', '--json', '--every', '2s', '--max-runs', '1', '--provider', 'shell', '--name', 'once', `echo ran >> ${out}`])).stdout) as ScheduleInfo;
    expect(created).toMatchObject({ target: 'new-agent', provider: 'shell', maxRuns: 1, cwd: sb.home });
    const done = await until(async () => {
      const d = JSON.parse((await sb.run(['schedule', 'inspect', '--json', 'once'])).stdout) as ScheduleDetail;
      return d.history[0]?.outcome === 'done' ? d : undefined;
    }, 'the run done', 20_000);
    expect(done).toMatchObject({ state: 'completed', runCount: 1 });
    expect(fs.readFileSync(out, 'utf8')).toBe('ran\n');
    const agents = JSON.parse((await sb.run(['ls', '--json'])).stdout) as Array<{ id: string; title: string; provider: string }>;
    expect(agents.find((a) => a.id === done.history[0]!.agentId)).toMatchObject({ title: 'once', provider: 'shell' });
  }, 60_000);

  it('usage errors are one line: neither --cron nor --every, a bad duration, a bad cron, an unknown schedule', async () => {
    const neither = await sb.run(['schedule', 'create', 'hello']);
    expect(neither.code).toBe(2);
    expect(neither.stderr.trim()).toBe('paseo: give one of --cron "<5 fields>" or --every <duration>');
    const bad = await sb.run(['schedule', 'create', '--every', 'soon', 'hello']);
    expect(bad.stderr.trim()).toBe('paseo: --every needs a duration like 30s, 5m, 2h or 1d, not "soon"');
    const cron = await sb.run(['schedule', 'create', '--cron', '* * *', 'hello']);
    expect(cron.code).toBe(2);
    expect(cron.stderr.trim()).toBe('paseo: cron needs 5 fields (minute hour day month weekday), got 3: "* * *"');
    const unknown = await sb.run(['schedule', 'inspect', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('paseo: no schedule "nope"');
    const help = await sb.run(['schedule', 'create', '--help']);
    expect(help.stdout).toContain('--expires-in <duration>');
  }, 60_000);
});
