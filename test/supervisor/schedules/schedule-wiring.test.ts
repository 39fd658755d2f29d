// The supervisor starts its schedules only once agents' hooks have an address: a run may start an agent.
import { afterEach, expect, it } from 'vitest';
import { closeAll, openSupervisor } from '../helpers/supervisor-fixture.js';

afterEach(async () => {
  await closeAll();
});

it('no schedule runs before the hook address is known; they load with it', async () => {
  const { sup } = await openSupervisor(undefined, '');
  await expect(sup.listSchedules()).rejects.toThrow(/not loaded yet/);
  sup.setHookBaseUrl('http://127.0.0.1:9');
  expect(await sup.listSchedules()).toEqual([]);
  const s = await sup.createSchedule({ prompt: 'echo hi', everyMs: 60_000, provider: 'shell' });
  expect((await sup.getSchedule(s.id)).state).toBe('active');
});
