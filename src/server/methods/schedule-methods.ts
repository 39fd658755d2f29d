/** `schedule.*`: reading schedules and their history is a viewer's right; making, pausing, resuming, deleting and running them an operator's. */
import { AGENT_MODES } from '../../core/agent.js';
import type { SupervisorService } from '../../core/api.js';
import type { ScheduleAction, ScheduleCreateOptions, ScheduleDetail, ScheduleInfo } from '../../core/schedule.js';
import { compact, type ParamReader } from '../param-reader.js';
import { needMethod } from './need-method.js';

const MAX_MS = 10 * 365 * 86_400_000;

const need = <F>(method: F | undefined): F => needMethod(method, 'has no schedules');

function readCreate(p: ParamReader): ScheduleCreateOptions {
  return compact({
    prompt: p.string('prompt'),
    name: p.optString('name'),
    cron: p.optString('cron'),
    tz: p.optString('tz'),
    everyMs: p.optInt('everyMs', 1, MAX_MS),
    target: p.optString('target'),
    provider: p.optString('provider'),
    cwd: p.optString('cwd'),
    mode: p.optOneOf('mode', AGENT_MODES),
    maxRuns: p.optInt('maxRuns', 1, Number.MAX_SAFE_INTEGER),
    expiresInMs: p.optInt('expiresInMs', 1, MAX_MS),
    allowAsk: p.optBool('allowAsk'),
    createdBy: p.optString('createdBy'),
  }) as ScheduleCreateOptions;
}

const control = (action: ScheduleAction) => ({
  role: 'operator' as const,
  run: async (p: ParamReader, s: SupervisorService): Promise<ScheduleInfo> => need(s.controlSchedule?.bind(s))(p.string('scheduleId'), action),
});

export const scheduleMethods = {
  'schedule.create': {
    role: 'operator' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<ScheduleInfo> => need(s.createSchedule?.bind(s))(readCreate(p)),
  },
  'schedule.list': { role: 'viewer' as const, run: async (_p: ParamReader, s: SupervisorService): Promise<ScheduleInfo[]> => need(s.listSchedules?.bind(s))() },
  'schedule.inspect': {
    role: 'viewer' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<ScheduleDetail> => need(s.getSchedule?.bind(s))(p.string('scheduleId')),
  },
  'schedule.logs': {
    role: 'viewer' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<ScheduleDetail> => need(s.getSchedule?.bind(s))(p.string('scheduleId')),
  },
  'schedule.pause': control('pause'),
  'schedule.resume': control('resume'),
  'schedule.runNow': control('run-now'),
  'schedule.delete': {
    role: 'operator' as const,
    run: async (p: ParamReader, s: SupervisorService): Promise<ScheduleInfo> => need(s.deleteSchedule?.bind(s))(p.string('scheduleId')),
  },
};
