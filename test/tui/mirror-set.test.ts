// MirrorSet subscribes a few panes at a time and tries refused ones again: a tiled TUI on a big window shows up to 64
// panes, and the daemon refuses a connection's requests past its limit (32): those panes stayed "waiting for screen".
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PaseoApi, TerminalListener } from '../../src/core/api.js';
import { Tui } from '../../src/core/constants.js';
import { toDisposable } from '../../src/core/disposable.js';
import { PaseoError } from '../../src/core/errors.js';
import { MirrorSet } from '../../src/tui/mirror-set.js';

/** subscribeTerminal calls the test answers one by one. */
class SubscribeLog {
  readonly calls: { agentId: string; listener: TerminalListener; resolve: () => void; reject: (err: unknown) => void }[] = [];
  active = new Set<string>();
  inFlight = 0;
  maxInFlight = 0;
  readonly api = {
    subscribeTerminal: (agentId: string, listener: TerminalListener) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      return new Promise((resolve, reject) => {
        this.calls.push({
          agentId,
          listener,
          resolve: () => {
            this.inFlight--;
            this.active.add(agentId);
            resolve(toDisposable(() => this.active.delete(agentId)));
          },
          reject: (err) => {
            this.inFlight--;
            reject(err);
          },
        });
      });
    },
  } as unknown as PaseoApi;
  pending(): SubscribeLog['calls'] {
    return this.calls.filter((c) => !this.answered.has(c));
  }
  readonly answered = new Set<SubscribeLog['calls'][number]>();
  answer(call: SubscribeLog['calls'][number], how: 'ok' | 'busy'): void {
    this.answered.add(call);
    if (how === 'ok') call.resolve();
    else call.reject(new PaseoError('busy', '32 requests already in flight on this connection'));
  }
}

const flush = () => new Promise((r) => setImmediate(r));

let set: MirrorSet | undefined;
afterEach(() => {
  set?.dispose();
  set = undefined;
  vi.useRealTimers();
});

describe('MirrorSet', () => {
  it(`has at most ${Tui.MIRROR_SUBSCRIBES_IN_FLIGHT} subscribes in flight, in the order the panes were asked for, until all are subscribed`, async () => {
    const log = new SubscribeLog();
    set = new MirrorSet(log.api);
    const ids = Array.from({ length: 40 }, (_, i) => `a${i}`);
    set.reconcile(ids);
    expect(log.pending().map((c) => c.agentId)).toEqual(ids.slice(0, Tui.MIRROR_SUBSCRIBES_IN_FLIGHT));
    while (log.pending().length) {
      for (const call of log.pending()) log.answer(call, 'ok');
      await flush();
    }
    expect(log.maxInFlight).toBe(Tui.MIRROR_SUBSCRIBES_IN_FLIGHT);
    expect(log.calls.map((c) => c.agentId)).toEqual(ids);
    expect([...log.active].sort()).toEqual([...ids].sort());
  });

  it('tries a refused subscribe again later, with nothing else happening, and the pane gets its screen', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const log = new SubscribeLog();
    set = new MirrorSet(log.api);
    set.reconcile(['a1']);
    log.answer(log.pending()[0]!, 'busy');
    await flush();
    expect(log.pending()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(Tui.MIRROR_RETRY_MS);
    expect(log.pending().map((c) => c.agentId)).toEqual(['a1']);
    const retry = log.pending()[0]!;
    log.answer(retry, 'ok');
    await flush();
    retry.listener.onSnapshot({ agentId: 'a1', cols: 20, rows: 4, seq: 1, data: 'hello' });
    await vi.waitFor(() => expect(set!.get('a1')?.live).toBe(true));
    expect(set.get('a1')?.terminal?.buffer.active.getLine(0)?.translateToString(true)).toBe('hello');
  });

  it('does not try again for a pane no longer shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const log = new SubscribeLog();
    set = new MirrorSet(log.api);
    set.reconcile(['a1', 'a2']);
    for (const call of log.pending()) log.answer(call, 'busy');
    await flush();
    set.reconcile(['a1']);
    await vi.advanceTimersByTimeAsync(Tui.MIRROR_RETRY_MAX_MS);
    expect(log.calls.map((c) => c.agentId)).toEqual(['a1', 'a2', 'a1']);
  });
});
