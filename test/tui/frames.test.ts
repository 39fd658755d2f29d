import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.session.restore();
});

function threeAgents(): FakeApi {
  const api = new FakeApi();
  api.addAgent({ id: 'a1', title: 'build', provider: 'shell' });
  api.addAgent({ id: 'a2', title: 'refactor', provider: 'claude', status: 'waiting', attention: 'permission' });
  api.addAgent({ id: 'a3', title: 'tests', provider: 'codex', status: 'idle' });
  return api;
}

async function withScreens(h: Harness): Promise<void> {
  await h.settle();
  h.api.pushSnapshot('a1', '$ make\r\n\x1b[32mok\x1b[0m 12 files\r\n$ ', 40, 10);
  h.api.pushSnapshot('a2', 'Claude wants to run: git push\r\n❯ Yes / No', 40, 10);
  h.api.pushSnapshot('a3', '日本語 tests passed ✓', 40, 10);
  await h.waitFor((t) => t.includes('tests passed'), 'pane contents');
}

for (const [cols, rows] of [
  [80, 24],
  [120, 40],
] as const) {
  describe(`frames ${cols}x${rows}`, () => {
    const snap = (name: string) => `../../snapshots/tui/${name}-${cols}x${rows}.frame.txt`;

    it('empty state', async () => {
      const h = startHarness({ cols, rows });
      open.push(h);
      await h.waitFor((t) => t.includes('No agents yet') && t.includes('embedded'), 'empty state');
      await expect(h.stdout.frame()).toMatchFileSnapshot(snap('empty'));
    });

    it('three agents tiled', async () => {
      const h = startHarness({ cols, rows, api: threeAgents() });
      open.push(h);
      await withScreens(h);
      await expect(h.stdout.frame()).toMatchFileSnapshot(snap('three-tiled'));
    });

    it('zoomed', async () => {
      const h = startHarness({ cols, rows, api: threeAgents() });
      open.push(h);
      await withScreens(h);
      h.stdin.type('\x02z');
      await h.waitFor((t) => t.includes('[zoom]'), 'zoom');
      await expect(h.stdout.frame()).toMatchFileSnapshot(snap('zoomed'));
    });

    it('help', async () => {
      const h = startHarness({ cols, rows, api: threeAgents() });
      open.push(h);
      await withScreens(h);
      h.stdin.type('\x02?');
      await h.waitFor((t) => t.includes('Keys: press C-b'), 'help');
      await expect(h.stdout.frame()).toMatchFileSnapshot(snap('help'));
    });

    it('new-agent form', async () => {
      const h = startHarness({ cols, rows, api: threeAgents() });
      open.push(h);
      await withScreens(h);
      h.stdin.type('\x02c');
      await h.waitFor((t) => t.includes('New agent'), 'form');
      // provider, model, mode, cwd, worktree, branch, title
      h.stdin.type('\x1b[C\t\t\t\t\t\tfix login');
      await h.waitFor((t) => t.includes('fix login'), 'typed title');
      await expect(h.stdout.frame()).toMatchFileSnapshot(snap('new-agent'));
    });
  });
}

describe('too small', () => {
  it('says so at 39x9 and lays out again once enlarged', async () => {
    const h = startHarness({ cols: 39, rows: 9, api: threeAgents() });
    open.push(h);
    await h.waitFor((t) => t.includes('Window too small'), 'too small');
    await expect(h.stdout.frame()).toMatchFileSnapshot('../../snapshots/tui/too-small-39x9.frame.txt');
    h.stdout.resizeTo(80, 24);
    await h.waitFor((t) => t.includes('agents (3)'), 'layout after resize');
    expect(h.stdout.text()).not.toContain('too small');
  });
});
