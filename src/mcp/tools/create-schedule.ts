/** create_schedule: a prompt on a cron or interval, to the caller ("self"), an agent, or a new agent each run. */
import { z } from 'zod';
import { AGENT_MODES } from '../../core/agent.js';
import { PaseoError } from '../../core/errors.js';
import { parseDurationMs } from '../../core/schedule.js';
import { childMode, requireDrivable } from '../caller-limits.js';
import { defineTool } from '../tool.js';
import { need, resolveTarget } from './need.js';

const duration = z.string().regex(/^\d+(s|m|h|d)$/, 'a duration like 30s, 5m, 2h or 1d');

export const createSchedule = defineTool({
  name: 'create_schedule',
  description:
    'Send a prompt on a schedule: cron ("*/5 * * * *", 5 fields, in the daemon\'s timezone or tz) or every ("5m"). ' +
    'target: "self" (the calling agent), "new-agent" (default: a fresh agent each run, with provider/cwd/mode) or an agentId. ' +
    'A run on a busy target waits for its turn; runs never overlap. Returns the schedule with its id and nextRunAt.',
  inputSchema: {
    prompt: z.string().min(1).describe('the prompt sent each run'),
    cron: z.string().min(1).optional().describe('5-field cron expression'),
    every: duration.optional().describe('fixed interval, e.g. 5m'),
    tz: z.string().min(1).optional().describe('IANA timezone for cron, e.g. Europe/Paris'),
    name: z.string().min(1).optional(),
    target: z.string().min(1).default('new-agent').describe('"self", "new-agent" or an agentId'),
    provider: z.string().min(1).optional().describe('for new-agent: provider[/model]'),
    cwd: z.string().min(1).optional().describe('for new-agent: working directory (default the caller\'s)'),
    mode: z.enum(AGENT_MODES).optional().describe('for new-agent: permission mode'),
    maxRuns: z.number().int().positive().optional(),
    expiresIn: duration.optional().describe('stop after this long, e.g. 2h'),
    allowAsk: z.boolean().optional().describe('a new agent asking permission waits for a person instead of failing the run'),
  },
  async run(a, ctx) {
    if ((a.cron === undefined) === (a.every === undefined)) throw new PaseoError('bad_request', 'give one of cron or every');
    const target = a.target === 'new-agent' ? 'new-agent' : resolveTarget(a.target, ctx.callerAgentId);
    const caller = ctx.callerAgentId ? await ctx.api.getAgent(ctx.callerAgentId).catch(() => undefined) : undefined;
    // An agent schedules prompts only for itself and the agents it started, and new agents in at most its own mode.
    if (target !== 'new-agent') await requireDrivable(ctx.api, ctx.callerAgentId, await ctx.api.getAgent(target), 'schedule prompts for');
    const mode = target === 'new-agent' ? childMode(caller, a.mode) : a.mode;
    return need(ctx.api.createSchedule?.bind(ctx.api), 'schedule prompts')({
      prompt: a.prompt,
      target,
      ...(a.cron ? { cron: a.cron } : {}),
      ...(a.every ? { everyMs: parseDurationMs(a.every)! } : {}),
      ...(a.tz ? { tz: a.tz } : {}),
      ...(a.name ? { name: a.name } : {}),
      ...(a.provider ? { provider: a.provider } : {}),
      ...(target === 'new-agent' ? { cwd: a.cwd ?? caller?.cwd ?? process.cwd() } : {}),
      ...(mode ? { mode } : {}),
      ...(a.maxRuns ? { maxRuns: a.maxRuns } : {}),
      ...(a.expiresIn ? { expiresInMs: parseDurationMs(a.expiresIn)! } : {}),
      ...(a.allowAsk ? { allowAsk: true } : {}),
      ...(ctx.callerAgentId ? { createdBy: ctx.callerAgentId } : {}),
    });
  },
});
