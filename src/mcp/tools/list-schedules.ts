/** list_schedules: every schedule with its state, next run and run count. */
import { defineTool } from '../tool.js';
import { need } from './need.js';

export const listSchedules = defineTool({
  name: 'list_schedules',
  description: 'List schedules: id, name, cron or everyMs, target, state (active, paused, completed, expired), nextRunAt, runCount.',
  inputSchema: {},
  async run(_a, ctx) {
    return { schedules: await need(ctx.api.listSchedules?.bind(ctx.api), 'list schedules')() };
  },
});
