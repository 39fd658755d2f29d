// The hub shares one mirror (one terminal subscription) per agent among its viewers, keeps it a while after the last
// one leaves (a reconnecting phone resumes with a diff), then lets it go; a failed subscribe holds nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PaseoApi, TerminalListener } from '../../../src/core/api.js';
import { Viewer } from '../../../src/core/constants.js';
import { PaseoError } from '../../../src/core/errors.js';
import { ViewerHub } from '../../../src/server/viewer/viewer-hub.js';

function fakeService() {
  const live = new Set<string>();
  let subscribes = 0;
  const service: Pick<PaseoApi, 'subscribeTerminal'> = {
    subscribeTerminal: async (agentId: string, listener: TerminalListener) => {
      if (agentId === 'missing') throw new PaseoError('agent_not_found', 'no such agent');
      subscribes++;
      live.add(agentId);
      listener.onSnapshot({ agentId, seq: 0, cols: 80, rows: 24, data: 'hello\r\n' } as never);
      return { dispose: () => live.delete(agentId) };
    },
  };
  return { service, live, subscribes: () => subscribes };
}

afterEach(() => vi.useRealTimers());

describe('ViewerHub', () => {
  it('shares one source per agent and disposes it only after the linger once the last viewer left', async () => {
    const f = fakeService();
    const hub = new ViewerHub(f.service);
    const one = await hub.acquire('a');
    const two = await hub.acquire('a');
    expect(one.source).toBe(two.source);
    expect(f.subscribes()).toBe(1);
    vi.useFakeTimers();
    one.release();
    one.release(); // twice is once
    two.release();
    vi.advanceTimersByTime(Viewer.SOURCE_LINGER_MS - 1);
    expect(f.live.has('a')).toBe(true);
    // A viewer back within the linger keeps the same source.
    const back = await hub.acquire('a');
    expect(back.source).toBe(one.source);
    vi.advanceTimersByTime(Viewer.SOURCE_LINGER_MS);
    expect(f.live.has('a')).toBe(true);
    back.release();
    vi.advanceTimersByTime(Viewer.SOURCE_LINGER_MS);
    expect(f.live.has('a')).toBe(false);
    expect(hub.size).toBe(0);
    hub.dispose();
  });

  it('holds nothing for an agent it cannot subscribe', async () => {
    const hub = new ViewerHub(fakeService().service);
    await expect(hub.acquire('missing')).rejects.toMatchObject({ code: 'agent_not_found' });
    await Promise.resolve();
    expect(hub.size).toBe(0);
    hub.dispose();
  });
});
