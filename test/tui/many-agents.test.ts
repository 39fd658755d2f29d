// Twenty agents, seven of them exited: the layouts as frame snapshots at 80x24 and 160x48. Live agents are tiled
// first, exited ones leave the tiling (still listed), the status line counts what does not fit (+N more) and the
// sidebar marks the agents that have a pane.
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../src/core/agent.js';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.session.restore();
});

/** Six of the twenty end up exited, fourteen live in every status. */
const STATUSES: AgentStatus[] = ['running', 'idle', 'exited', 'waiting', 'running', 'exited', 'idle'];

function twentyAgents(): FakeApi {
  const api = new FakeApi();
  for (let i = 1; i <= 20; i++) {
    const status = STATUSES[i % STATUSES.length] as AgentStatus;
    api.addAgent({ id: `a${String(i).padStart(2, '0')}`, title: `agent ${i}`, provider: i % 3 ? 'shell' : 'claude', status, exitedAt: status === 'exited' ? `2025-01-01T01:00:${String(i).padStart(2, '0')}.000Z` : undefined });
  }
  return api;
}

const LIVE = [...twentyAgents().agents.values()].filter((a) => a.status !== 'exited').map((a) => a.id);

/** Each subscribed agent shows a short screen (smaller than any pane, so none is cropped). */
async function withScreens(h: Harness): Promise<void> {
  await h.settle();
  for (const id of h.api.agents.keys()) h.api.pushSnapshot(id, `$ echo ${id}\r\n${id}\r\n$ `, 16, 4);
  await h.waitFor((t) => t.includes('$ echo'), 'pane contents');
}

for (const [cols, rows] of [
  [80, 24],
  [160, 48],
] as const) {
  describe(`20 agents at ${cols}x${rows}`, () => {
    const snap = (name: string) => `../../snapshots/tui/many-${name}-${cols}x${rows}.frame.txt`;
    const start = async () => {
      const h = startHarness({ cols, rows, api: twentyAgents() });
      open.push(h);
      await withScreens(h);
      return h;
    };

    it('tiles live agents only, says how many more there are and marks the shown ones', async () => {
      const h = await start();
      const text = h.stdout.text();
      // Exited agents have no pane: no pane title says exited, and none of them is subscribed.
      expect(text).not.toMatch(/· exited/);
      for (const id of h.api.agents.keys()) if (!LIVE.includes(id)) expect(h.api.subscriberCount(id)).toBe(0);
      expect(LIVE).toHaveLength(14);
      if (cols === 80) {
        // 58x23 holds nine panes of at least 16x5: five live agents do not fit.
        expect(text.split('\n').at(-1)).toContain('+5 more');
        expect(text).toContain('agents 9/20 shown');
      } else {
        expect(text.split('\n').at(-1)).not.toContain('more');
        expect(text).toContain('agents 14/20 shown');
      }
      await expect(h.stdout.frame()).toMatchFileSnapshot(snap('tiled'));
    });

    it('main + stack: the focused agent large, the others stacked beside it', async () => {
      const h = await start();
      h.stdin.type('\x02 ');
      await h.waitFor((t) => t.includes('layout: main + stack'), 'main + stack');
      await expect(h.stdout.frame()).toMatchFileSnapshot(snap('main-stack'));
    });

    it('one at a time, the sidebar as the switcher', async () => {
      const h = await start();
      h.stdin.type('\x02 \x02 ');
      await h.waitFor((t) => t.includes('layout: one at a time'), 'single');
      expect(h.stdout.text().split('\n').at(-1)).toContain('+13 more');
      // prefix ↓ / ↑ switch to the next / previous agent.
      h.stdin.type('\x02\x1b[B');
      await h.settle();
      // Only the shown agent is subscribed: its screen arrives once it is.
      expect(h.api.subscriberCount('a03')).toBe(1);
      expect(h.api.subscriberCount('a01')).toBe(0);
      h.api.pushSnapshot('a03', '$ echo a03\r\na03\r\n$ ', 16, 4);
      await h.waitFor((t) => t.includes('$ echo a03'), 'the next live agent (a02 exited)');
      await expect(h.stdout.frame()).toMatchFileSnapshot(snap('single'));
    });

    it('without the sidebar', async () => {
      const h = await start();
      h.stdin.type('\x02b');
      await h.waitFor((t) => !t.includes('agents '), 'sidebar hidden');
      await expect(h.stdout.frame()).toMatchFileSnapshot(snap('no-sidebar'));
    });
  });
}

describe('tui.maxPanes', () => {
  it('tiles at most that many panes and subscribes only those', async () => {
    const h = startHarness({ cols: 160, rows: 48, api: twentyAgents(), view: { maxPanes: 4 } });
    open.push(h);
    await withScreens(h);
    expect(h.stdout.text()).toContain('agents 4/20 shown');
    expect(h.stdout.text().split('\n').at(-1)).toContain('+10 more');
    expect([...h.api.agents.keys()].filter((id) => h.api.subscriberCount(id) > 0)).toEqual(LIVE.slice(0, 4));
  });
});
