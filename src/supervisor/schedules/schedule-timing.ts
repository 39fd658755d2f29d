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
  if (t.everyMs !== undefined) {
    const start = Date.parse(t.createdAt);
    if (afterMs < start) return start + t.everyMs;
    return start + (Math.floor((afterMs - start) / t.everyMs) + 1) * t.everyMs;
  }
  const next = parseCron(t.cron!, t.tz).nextRun(new Date(afterMs));
  return next ? next.getTime() : undefined;
}

/** How many firings fall in (fromMs - 1, toMs]: counted, never replayed; stops counting at `cap`. */
export function countFirings(t: Timing, firstMs: number, toMs: number, cap: number): number {
  let n = 0;
  let at: number | undefined = firstMs;
  while (at !== undefined && at <= toMs && n < cap) {
    n++;
    at = nextFireMs(t, at);
  }
  return n;
}
