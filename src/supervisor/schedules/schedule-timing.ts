/** When a schedule fires: croner for cron expressions (never our own parser), a fixed step for intervals. */
import { Cron } from 'croner';
import { PaseoError } from '../../core/errors.js';

/** A checked 5-field cron in `tz` (a bad field or timezone is a bad_request naming it). */
export function parseCron(expr: string, tz: string | undefined): Cron {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) throw new PaseoError('bad_request', `cron needs 5 fields (minute hour day month weekday), got ${fields.length}: "${expr}"`);
  try {
    return new Cron(expr.trim(), { paused: true, ...(tz ? { timezone: tz } : {}) });
  } catch (err) {
    throw new PaseoError('bad_request', `bad cron "${expr}"${tz ? ` in ${tz}` : ''}: ${(err as Error).message}`);
  }
}

export interface Timing {
  cron?: string;
  tz?: string;
  everyMs?: number;
  /** Interval schedules count from here. */
  createdAt: string;
}

/** The first firing strictly after `afterMs`, or undefined when the cron never fires again. */
export function nextFireMs(t: Timing, afterMs: number): number | undefined {
  return fireStepper(t)(afterMs);
}

/** How many firings fall in (fromMs - 1, toMs]: counted, never replayed; stops counting at `cap`. */
export function countFirings(t: Timing, firstMs: number, toMs: number, cap: number): number {
  // One parse for the whole count: a Cron per step made a long downtime cost seconds of daemon start-up.
  const next = fireStepper(t);
  let n = 0;
  let at: number | undefined = firstMs;
  while (at !== undefined && at <= toMs && n < cap) {
    n++;
    at = next(at);
  }
  return n;
}

/** The next-firing function of a timing, its cron parsed once. */
function fireStepper(t: Timing): (afterMs: number) => number | undefined {
  if (t.everyMs !== undefined) {
    const every = t.everyMs;
    const start = Date.parse(t.createdAt);
    return (afterMs) => (afterMs < start ? start + every : start + (Math.floor((afterMs - start) / every) + 1) * every);
  }
  const cron = parseCron(t.cron!, t.tz);
  return (afterMs) => cron.nextRun(new Date(afterMs))?.getTime();
}
