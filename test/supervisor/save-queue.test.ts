import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from '../../src/core/event.js';
import type { Screen } from '../../src/terminal/types.js';
import { SaveQueue } from '../../src/supervisor/save-queue.js';
import { ScreenSaver } from '../../src/supervisor/screen-saver.js';
import { parseScreenLog } from '../../src/supervisor/screen-log.js';
import { closeAll, openSupervisor, until } from './helpers/supervisor-fixture.js';

afterEach(closeAll);

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A screen whose snapshot records the turn it ran in. */
function fakeScreen(log: number[], turnNo: () => number) {
  const output = new Emitter<{ seq: number; data: string }>();
  const screen = {
    lastOutputAt: 0,
    onDidOutput: output.event,
    snapshot: async () => {
      log.push(turnNo());
      return { cols: 80, rows: 24, seq: 1, data: 's' };
    },
  };
  return screen as unknown as Screen;
}

describe('SaveQueue', () => {
  it('starts one save per event-loop turn, in order, and settles each as it does', async () => {
    const queue = new SaveQueue();
    const started: number[] = [];
    const done = [1, 2, 3].map((n) => queue.run(async () => void started.push(n)));
    const failed = queue.run(async () => {
      throw new Error('disk full');
    });
    expect(started).toEqual([]);
    await turn();
    expect(started).toEqual([1]);
    await turn();
    expect(started).toEqual([1, 2]);
    await Promise.all(done);
    expect(started).toEqual([1, 2, 3]);
    await expect(failed).rejects.toThrow('disk full');
    expect(queue.size).toBe(0);
  });

  it('keeps at most maxInFlight saves running', async () => {
    const queue = new SaveQueue(2);
    const finish: Array<() => void> = [];
    let running = 0;
    let most = 0;
    const all = Array.from({ length: 5 }, () =>
      queue.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => finish.push(resolve));
        running--;
      }),
    );
    await until('two running', () => finish.length === 2);
    for (let i = 0; i < 5; i++) await turn();
    expect(finish).toHaveLength(2);
    while (finish.length) {
      finish.shift()!();
      await until('the next one', () => finish.length > 0 || running === 0);
    }
    await Promise.all(all);
    expect(most).toBe(2);
  });

  it('savers due at the same instant serialize on different turns; disposed, the rest run at once', async () => {
    const queue = new SaveQueue();
    let turnNo = 0;
    const ran: number[] = [];
    const savers = Array.from({ length: 3 }, () => new ScreenSaver(fakeScreen(ran, () => turnNo), 100, async () => {}, { queue }));
    const saves = savers.map((s) => s.saveNow());
    for (let i = 0; i < 5; i++) {
      await turn();
      turnNo++;
    }
    await Promise.all(saves);
    expect(new Set(ran).size).toBe(3);

    const more = savers.map((s) => s.saveNow());
    queue.dispose();
    await Promise.all(more);
    for (const s of savers) s.dispose();
  });
});

describe('supervisor screen saves through the shared queue', () => {
  it("every agent's final screen is on disk after it exits, and after a shutdown", async () => {
    const { sup, home } = await openSupervisor();
    const screenOf = (id: string): string => {
      try {
        return parseScreenLog(readFileSync(path.join(home, 'agents', `${id}.screen`), 'utf8')).data;
      } catch {
        return '';
      }
    };
    // Exits: each prints its last words and ends.
    const exiting = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sup.createAgent({ provider: 'command', command: ['sh', '-c', `seq 1 200; echo last-words-$((${i}+100))`] })),
    );
    for (const [i, a] of exiting.entries()) {
      expect((await sup.waitForAgent(a.id, { timeoutMs: 10_000 })).outcome).toBe('exited');
      await until(`agent ${i}'s final screen`, () => screenOf(a.id).includes(`last-words-${i + 100}`), 5_000);
    }
    // Still printing at shutdown: the screen saved is the one they were stopped with.
    const printing = await Promise.all(
      Array.from({ length: 6 }, () => sup.createAgent({ provider: 'command', command: ['sh', '-c', 'i=0; while :; do i=$((i+1)); echo n-$i; sleep 0.01; done'] })),
    );
    const lastCount = (text: string): number => Number([...text.matchAll(/n-(\d+)/g)].pop()?.[1] ?? -1);
    for (const a of printing) await until(`${a.id} printing`, async () => lastCount(await sup.readLogs(a.id)) > 20);
    await sup.shutdown();
    for (const a of printing) {
      const final = lastCount(await sup.readLogs(a.id));
      expect(final).toBeGreaterThan(20);
      expect(lastCount(screenOf(a.id))).toBe(final);
    }
  }, 60_000);
});
