/** Schedules on disk: PASEO_HOME/schedules/<id>.json, spec + state + bounded history, written atomically. */
import fs from 'node:fs';
import path from 'node:path';
import type { ScheduleDetail } from '../../core/schedule.js';
import { errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import { writeFileAtomic } from '../atomic-write.js';

const log = createLogger('schedules');

export class ScheduleStore {
  readonly dir: string;
  /** One write at a time per schedule, in order: a late write never replaces a newer one. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(home: string) {
    this.dir = path.join(home, 'schedules');
  }

  /** Every readable schedule; an unreadable file is logged and left alone (never deleted). */
  loadAll(): ScheduleDetail[] {
    let files: string[];
    try {
      files = fs.readdirSync(this.dir).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
    } catch {
      return [];
    }
    const out: ScheduleDetail[] = [];
    for (const f of files) {
      try {
        out.push(JSON.parse(fs.readFileSync(path.join(this.dir, f), 'utf8')) as ScheduleDetail);
      } catch (err) {
        log.warn('schedule.unreadable', { file: f, error: errorMessage(err) });
      }
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  save(s: ScheduleDetail): Promise<void> {
    const data = JSON.stringify(s, null, 2);
    return this.enqueue(s.id, async () => {
      await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.file(s.id), data);
    });
  }

  remove(id: string): Promise<void> {
    return this.enqueue(id, () => fs.promises.rm(this.file(id), { force: true }));
  }

  /** Resolves once every write asked for so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private enqueue(id: string, work: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(id) ?? Promise.resolve())
      .then(work)
      .catch((err: unknown) => log.warn('schedule.save-failed', { scheduleId: id, error: errorMessage(err) }));
    this.chains.set(id, next);
    void next.then(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
    return next;
  }
}
