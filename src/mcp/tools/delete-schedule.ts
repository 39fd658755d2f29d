/** delete_schedule: stop a schedule for good (its agents keep running). */
import { z } from 'zod';
import { PaseoError } from '../../core/errors.js';
import { defineTool } from '../tool.js';
import { need } from './need.js';

export const deleteSchedule = defineTool({
  name: 'delete_schedule',
  description: 'Delete a schedule by id (or unique id prefix or name); agents it started keep running.',
  inputSchema: {
    scheduleId: z.string().min(1).describe('id from create_schedule or list_schedules'),
  },
  async run(a, ctx) {
    if (ctx.callerAgentId) {
      // An agent deletes only the schedules it created; a person's are theirs.
      const s = await need(ctx.api.getSchedule?.bind(ctx.api), 'read schedules')(a.scheduleId);
      if (s.createdBy !== ctx.callerAgentId) throw new PaseoError('unauthorized', `schedule ${s.id} was not created by this agent`, { scheduleId: s.id });
    }
    return need(ctx.api.deleteSchedule?.bind(ctx.api), 'delete schedules')(a.scheduleId);
  },
});
