// Counting missed firings after a restart: right counts, and the cron parsed once for the whole count (a Cron per step
// made a year of `* * * * *` down cost seconds of daemon start-up).
import { describe, expect, it, vi } from 'vitest';

const built = vi.hoisted(() => ({ crons: 0 }));
vi.mock('croner', async (importOriginal) => {
  const real = await importOriginal<typeof import('croner')>();
  class Cron extends real.Cron {
    constructor(...args: ConstructorParameters<typeof real.Cron>) {
      super(...args);
      built.crons++;
    }
  }
  return { ...real, Cron };
});

const { countFirings, nextFireMs } = await import('../../../src/supervisor/schedules/schedule-timing.js');

const MIN = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('schedule timing', () => {
  it('counts an hour of minutely cron firings with one parse', () => {
    built.crons = 0;
    const t = { cron: '* * * * *', tz: 'UTC', createdAt: new Date(T0).toISOString() };
    expect(countFirings(t, T0 + MIN, T0 + 60 * MIN, 1000)).toBe(60);
    expect(built.crons).toBe(1);
  });

  it('stops counting at the cap', () => {
    const t = { cron: '* * * * *', tz: 'UTC', createdAt: new Date(T0).toISOString() };
    expect(countFirings(t, T0 + MIN, T0 + 600 * MIN, 7)).toBe(7);
  });

  it('intervals step from the creation time', () => {
    const t = { everyMs: 5 * MIN, createdAt: new Date(T0).toISOString() };
    expect(nextFireMs(t, T0 - MIN)).toBe(T0 + 5 * MIN);
    expect(nextFireMs(t, T0 + 7 * MIN)).toBe(T0 + 10 * MIN);
    expect(countFirings(t, T0 + 10 * MIN, T0 + 65 * MIN, 1000)).toBe(12);
  });
});
