/** `paseo schedule create|ls|inspect|pause|resume|delete|logs|run-now`: prompts on a cron or interval ("heartbeats"). */
import path from 'node:path';
import type { Command } from 'commander';
import { AGENT_MODES, type AgentMode } from '../../core/agent.js';
import type { PaseoApi } from '../../core/api.js';
import { PaseoError } from '../../core/errors.js';
import { parseDurationMs, type ScheduleAction, type ScheduleCreateOptions, type ScheduleDetail, type ScheduleInfo, type ScheduleRun } from '../../core/schedule.js';
import type { CommandContext } from '../command-context.js';
import { relativeTime, stripControls, table } from '../format.js';
import { UsageError } from '../usage-error.js';

type Schedules = Required<Pick<PaseoApi, 'createSchedule' | 'listSchedules' | 'getSchedule' | 'controlSchedule' | 'deleteSchedule'>>;

function schedulesOf(api: PaseoApi): Schedules {
  const { createSchedule, listSchedules, getSchedule, controlSchedule, deleteSchedule } = api;
  if (!createSchedule || !listSchedules || !getSchedule || !controlSchedule || !deleteSchedule) throw new PaseoError('unknown_method', 'this daemon has no schedules');
  return {
    createSchedule: createSchedule.bind(api),
    listSchedules: listSchedules.bind(api),
    getSchedule: getSchedule.bind(api),
    controlSchedule: controlSchedule.bind(api),
    deleteSchedule: deleteSchedule.bind(api),
  };
}

interface CreateFlags {
  cron?: string;
  every?: string;
  tz?: string;
  name?: string;
  target?: string;
  provider?: string;
  cwd?: string;
  mode?: string;
  maxRuns?: string;
  expiresIn?: string;
  allowAsk?: boolean;
}

function duration(flag: string, text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new UsageError(`${flag} needs a duration like 30s, 5m, 2h or 1d, not "${text}"`);
  return ms;
}

/** The flags → the request; `self` is this agent (PASEO_AGENT_ID, set in agents paseo started). */
export function scheduleRequest(prompt: string, o: CreateFlags, env: NodeJS.ProcessEnv = process.env): ScheduleCreateOptions {
  if ((o.cron === undefined) === (o.every === undefined)) throw new UsageError('give one of --cron "<5 fields>" or --every <duration>');
  if (o.tz && !o.cron) throw new UsageError('--tz applies to --cron only');
  if (o.mode !== undefined && !AGENT_MODES.includes(o.mode as AgentMode)) throw new UsageError(`--mode must be one of ${AGENT_MODES.join(', ')}`);
  let target = o.target ?? 'new-agent';
  if (target === 'self') {
    if (!env.PASEO_AGENT_ID) throw new UsageError('--target self works only inside an agent paseo started (PASEO_AGENT_ID is not set)');
    target = env.PASEO_AGENT_ID;
  }
  let maxRuns: number | undefined;
  if (o.maxRuns !== undefined) {
    maxRuns = Number(o.maxRuns);
    if (!Number.isSafeInteger(maxRuns) || maxRuns < 1) throw new UsageError(`--max-runs needs a positive number, not "${o.maxRuns}"`);
  }
  return {
    prompt,
    target,
    ...(o.cron !== undefined ? { cron: o.cron } : {}),
    ...(o.every !== undefined ? { everyMs: duration('--every', o.every) } : {}),
    ...(o.tz ? { tz: o.tz } : {}),
    ...(o.name ? { name: o.name } : {}),
    ...(o.provider ? { provider: o.provider } : {}),
    ...(target === 'new-agent' ? { cwd: path.resolve(o.cwd ?? process.cwd()) } : {}),
    ...(o.mode ? { mode: o.mode as AgentMode } : {}),
    ...(maxRuns !== undefined ? { maxRuns } : {}),
    ...(o.expiresIn !== undefined ? { expiresInMs: duration('--expires-in', o.expiresIn) } : {}),
    ...(o.allowAsk ? { allowAsk: true } : {}),
  };
}

function when(s: ScheduleInfo): string {
  if (s.cron) return `cron ${s.cron}${s.tz ? ` (${s.tz})` : ''}`;
  const ms = s.everyMs ?? 0;
  const [n, u] = ms % 86_400_000 === 0 ? [ms / 86_400_000, 'd'] : ms % 3_600_000 === 0 ? [ms / 3_600_000, 'h'] : ms % 60_000 === 0 ? [ms / 60_000, 'm'] : [ms / 1000, 's'];
  return `every ${n}${u}`;
}

function inFuture(iso: string | undefined): string {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 1000));
  return s < 60 ? `in ${s}s` : s < 3600 ? `in ${Math.floor(s / 60)}m` : s < 86400 ? `in ${Math.floor(s / 3600)}h` : `in ${Math.floor(s / 86400)}d`;
}

function runLine(r: ScheduleRun): string {
  const what = r.kind === 'run' ? `${r.manual ? 'run-now' : 'run'} ${r.outcome}${r.agentId ? ` agent ${r.agentId}` : ''}` : r.kind;
  return `${r.at}  ${what}${r.message ? `: ${stripControls(r.message)}` : ''}`;
}

function printDetail(ctx: CommandContext, s: ScheduleDetail, historyOnly: boolean): void {
  if (!historyOnly) {
    ctx.out(`${s.id}  ${stripControls(s.name)}  ${s.state}${s.running ? ' (running)' : ''}`);
    ctx.out(`  when:    ${when(s)}${s.nextRunAt ? `, next ${s.nextRunAt} (${inFuture(s.nextRunAt)})` : ''}`);
    ctx.out(`  target:  ${s.target}${s.target === 'new-agent' ? ` (${s.provider ?? 'default provider'}${s.mode ? `, ${s.mode}` : ''} in ${s.cwd ?? '-'})` : ''}`);
    ctx.out(`  runs:    ${s.runCount}${s.maxRuns ? ` of ${s.maxRuns}` : ''}${s.expiresAt ? `, expires ${s.expiresAt}` : ''}`);
    ctx.out(`  prompt:  ${stripControls(s.prompt)}`);
  }
  if (s.history.length === 0) return ctx.out(historyOnly ? 'no runs yet' : '  no runs yet');
  for (const r of s.history) ctx.out(`${historyOnly ? '' : '  '}${runLine(r)}`);
}

export function register(program: Command, ctx: CommandContext): void {
  const sc = program.command('schedule').description('prompts sent on a cron or interval ("heartbeats"): create, ls, inspect, pause, resume, delete, logs, run-now');
  sc.command('create')
    .description('send <prompt> on --cron or --every to --target (new-agent: a fresh agent each run; self; an agent id)')
    .argument('<prompt>', 'the prompt sent each run (for a shell agent: a command line)')
    .option('--cron <expr>', '5-field cron expression ("*/5 * * * *"), in the daemon\'s timezone or --tz')
    .option('--every <duration>', 'fixed interval: 30s, 5m, 2h, 1d')
    .option('--tz <zone>', 'IANA timezone for --cron (e.g. Europe/Paris)')
    .option('--name <name>', 'a name to list it by')
    .option('--target <target>', 'new-agent (default), self (the agent running this) or an agent id')
    .option('--provider <provider>', 'for new-agent: provider[/model]')
    .option('--cwd <dir>', 'for new-agent: working directory (default: the current one)')
    .option('--mode <mode>', `for new-agent: ${AGENT_MODES.join(', ')}`)
    .option('--max-runs <N>', 'stop after N runs')
    .option('--expires-in <duration>', 'stop after this long: 30m, 2h, 7d')
    .option('--allow-ask', 'a new agent that asks permission waits for a person (default: the run fails, naming the tool)')
    .action(async (prompt: string, o: CreateFlags) => {
      const req = scheduleRequest(prompt, o);
      const api = await ctx.api({ autoStart: true });
      let s: ScheduleInfo;
      try {
        s = await schedulesOf(api).createSchedule(req);
      } catch (err) {
        if (err instanceof PaseoError && err.code === 'bad_request') throw new UsageError(err.message);
        throw err;
      }
      if (ctx.globals().json) return ctx.json(s);
      ctx.out(`created schedule ${s.id} (${when(s)}, next ${s.nextRunAt ?? '-'})`);
    });
  sc.command('ls')
    .description('every schedule: when, target, state, next run, runs')
    .action(async () => {
      const list = await schedulesOf(await ctx.api({ autoStart: true })).listSchedules();
      if (ctx.globals().json) return ctx.json(list);
      if (list.length === 0) return ctx.out('no schedules');
      ctx.out(table(
        ['ID', 'NAME', 'WHEN', 'TARGET', 'STATE', 'NEXT', 'RUNS', 'LAST'],
        list.map((s) => [s.id, stripControls(s.name), when(s), s.target, s.running ? `${s.state}, running` : s.state, inFuture(s.nextRunAt), `${s.runCount}${s.maxRuns ? `/${s.maxRuns}` : ''}`, relativeTime(s.lastRunAt)]),
      ));
    });
  sc.command('inspect')
    .description('one schedule: its settings and run history')
    .argument('<schedule>', 'id, unique id prefix, or name')
    .action(async (id: string) => {
      const s = await schedulesOf(await ctx.api({ autoStart: true })).getSchedule(id);
      if (ctx.globals().json) return ctx.json(s);
      printDetail(ctx, s, false);
    });
  sc.command('logs')
    .description('a schedule\'s run history, oldest first (runs, missed runs, skipped firings)')
    .argument('<schedule>', 'id, unique id prefix, or name')
    .action(async (id: string) => {
      const s = await schedulesOf(await ctx.api({ autoStart: true })).getSchedule(id);
      if (ctx.globals().json) return ctx.json(s.history);
      printDetail(ctx, s, true);
    });
  const control = (name: string, action: ScheduleAction, description: string, done: string): void => {
    sc.command(name)
      .description(description)
      .argument('<schedule>', 'id, unique id prefix, or name')
      .action(async (id: string) => {
        const s = await schedulesOf(await ctx.api({ autoStart: true })).controlSchedule(id, action);
        if (ctx.globals().json) return ctx.json(s);
        ctx.out(`${done} schedule ${s.id} (${s.state}${s.nextRunAt ? `, next ${s.nextRunAt}` : ''})`);
      });
  };
  control('pause', 'pause', 'stop firing until resumed', 'paused');
  control('resume', 'resume', 'fire again from now on (missed firings are not made up)', 'resumed');
  control('run-now', 'run-now', 'run once now (refused while a run of it is going)', 'started a run of');
  sc.command('delete')
    .description('delete a schedule (agents it started keep running)')
    .argument('<schedule>', 'id, unique id prefix, or name')
    .action(async (id: string) => {
      const s = await schedulesOf(await ctx.api({ autoStart: true })).deleteSchedule(id);
      if (ctx.globals().json) return ctx.json(s);
      ctx.out(`deleted schedule ${s.id}`);
    });
}
