// The agent keys (restart, rename, archive, remove), exited agents in and out of the tiling, the dead pane's hint,
// prefix r, and the tmux rule for PTY sizes: a pane shows its agent at the pane's size only once the user types there.
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../src/core/agent.js';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

/** The fake with the daemon's restart / rename / remove. */
class ManageApi extends FakeApi {
  readonly restarted: string[] = [];
  readonly archived: string[] = [];
  readonly removed: string[] = [];
  async restartAgent(agentId: string): Promise<AgentRecord> {
    this.restarted.push(agentId);
    this.changeAgent(agentId, { status: 'starting', exitedAt: undefined });
    return this.agents.get(agentId) as AgentRecord;
  }
  async renameAgent(agentId: string, title: string): Promise<AgentRecord> {
    this.changeAgent(agentId, { title });
    return this.agents.get(agentId) as AgentRecord;
  }
  async removeAgent(agentId: string): Promise<void> {
    this.removed.push(agentId);
    this.agents.delete(agentId);
  }
  override async archiveAgent(agentId: string): Promise<AgentRecord> {
    this.archived.push(agentId);
    this.changeAgent(agentId, { status: 'exited', archivedAt: '2025-01-01T02:00:00.000Z' });
    return this.agents.get(agentId) as AgentRecord;
  }
}

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.session.restore();
});

function agents(...specs: [string, AgentRecord['status']][]): ManageApi {
  const api = new ManageApi();
  for (const [id, status] of specs) api.addAgent({ id, title: id, status, ...(status === 'exited' ? { exitedAt: `2025-01-01T01:00:0${id.slice(-1)}.000Z` } : {}) });
  return api;
}

async function start(api: ManageApi, extra: Partial<Parameters<typeof startHarness>[0]> = {}): Promise<Harness & { api: ManageApi }> {
  const h = startHarness({ cols: 80, rows: 24, api, ...extra });
  open.push(h);
  await h.settle();
  for (const id of api.agents.keys()) api.pushSnapshot(id, `${id}$ `, 27, 21);
  await h.waitFor((t) => t.includes('$ '), 'screens');
  return h as Harness & { api: ManageApi };
}

const statusLine = (h: Harness) => h.stdout.text().split('\n').at(-1) ?? '';

describe('agent keys', () => {
  it('prefix R asks before restarting a running agent (n keeps it) and restarts an exited one at once', async () => {
    const h = await start(agents(['a1', 'running'], ['a2', 'running']));
    h.stdin.type('\x02R');
    await h.waitFor((t) => t.includes('Restart agent "a1"? Its process is stopped and started again (y/n)'), 'the question');
    h.stdin.type('n');
    await h.waitFor((t) => !t.includes('Restart agent'), 'no question');
    expect(h.api.restarted).toEqual([]);
    h.stdin.type('\x02Ry');
    await h.waitFor((t) => t.includes('restarted "a1"'), 'restarted');
    expect(h.api.restarted).toEqual(['a1']);

    h.api.changeAgent('a1', { status: 'exited' });
    await h.waitFor((t) => t.includes('a1 · shell · exited'), 'exited, still shown (it had focus)');
    h.stdin.type('\x02R');
    await h.waitFor((t) => t.includes('a1 · shell · starting'), 'restarted without a question');
    expect(h.api.restarted).toEqual(['a1', 'a1']);
  });

  it('keys typed into an exited pane are not dropped silently: the pane and the status line say how to restart it', async () => {
    const h = await start(agents(['a1', 'running'], ['a2', 'running']));
    h.api.changeAgent('a1', { status: 'exited' });
    // In the pane's bottom edge (cut to the pane's width).
    await h.waitFor((t) => t.split('\n')[22]?.includes('┗━ agent exited — prefix R r') ?? false, 'the hint in the dead pane');
    h.stdin.type('ls\r');
    await h.waitFor(() => statusLine(h).includes('agent exited — prefix R restarts it'), 'the hint on the status line');
    expect(h.api.inputs).toEqual([]);
  });

  it('prefix , edits the title on the status line; Enter sets it, Esc keeps the old one', async () => {
    const h = await start(agents(['a1', 'running']));
    h.stdin.type('\x02,');
    await h.waitFor(() => statusLine(h).includes('rename: a1'), 'the rename prompt');
    h.stdin.type('\x7f\x7f');
    h.stdin.type('fix login\r');
    await h.waitFor((t) => t.includes('fix login · shell'), 'the new title');
    h.stdin.type('\x02,x\x1b');
    await h.settle();
    expect(h.api.agents.get('a1')?.title).toBe('fix login');
  });

  it('prefix A archives (asking while it runs), prefix X removes after y; both leave the TUI', async () => {
    const h = await start(agents(['a1', 'running'], ['a2', 'running'], ['a3', 'running']));
    h.stdin.type('\x02A');
    await h.waitFor((t) => t.includes('Archive agent "a1"? It is stopped (y/n)'), 'archive question');
    h.stdin.type('y');
    await h.waitFor((t) => t.includes('agents (2)') && !t.includes('a1$'), 'archived');
    expect(h.api.archived).toEqual(['a1']);
    h.stdin.type('\x02X');
    await h.waitFor((t) => t.includes('Remove agent "a2" and its history? (y/n)'), 'remove question');
    h.stdin.type('n');
    await h.settle();
    expect(h.api.removed).toEqual([]);
    h.stdin.type('\x02Xy');
    await h.waitFor((t) => t.includes('agents (1)') && !t.includes('a2$'), 'removed');
    expect(h.api.removed).toEqual(['a2']);
  });
});

describe('exited agents and the tiling', () => {
  it('leaves exited agents out of the tiling, keeps the focused one when it exits, and prefix e brings one back and away', async () => {
    const h = await start(agents(['a1', 'running'], ['a2', 'exited'], ['a3', 'running'], ['a4', 'exited']));
    expect(h.stdout.text()).not.toContain('a2$');
    expect(h.stdout.text()).toContain('agents 2/4 shown');
    // An unfocused agent that exits leaves; the focused one stays, with its hint.
    h.api.changeAgent('a3', { status: 'exited', exitedAt: '2025-01-01T01:00:09.000Z' });
    await h.waitFor((t) => !t.includes('a3$') && t.includes('agents 1/4 shown'), 'a3 gone');
    h.api.changeAgent('a1', { status: 'exited' });
    await h.waitFor((t) => t.includes('a1 · shell · exited'), 'a1 kept');
    // prefix e on a kept exited pane sends it away; then brings back the one that exited last (a3), then the next.
    h.stdin.type('\x02e');
    await h.waitFor((t) => t.includes('No running agents (4 exited)'), 'nothing tiled');
    h.stdin.type('\x02e');
    await h.waitFor((t) => t.includes('a3 · shell · exited'), 'a3 back');
    h.api.pushSnapshot('a3', 'a3$ ', 27, 21);
    await h.waitFor((t) => t.includes('a3$'), 'its screen');
    h.stdin.type('\x02e');
    await h.waitFor((t) => t.includes('No running agents'), 'a3 away again');
  });

  it('a click on a sidebar entry focuses that agent, bringing an exited one back', async () => {
    const h = await start(agents(['a1', 'running'], ['a2', 'exited'], ['a3', 'running']));
    // Sidebar rows: header, then two rows per agent: a2 is on rows 3-4.
    h.stdin.type('\x1b[<0;5;4M\x1b[<0;5;4m');
    // Its screen comes with the subscribe (the daemon keeps an exited agent's screen), at the PTY's size: cropped.
    await h.waitFor((t) => /a2 (\[cropped\] )?· shell · exited/.test(t), 'a2 tiled and focused');
    expect(h.stdout.text()).toContain('agents (3)');
  });
});

describe('PTY size and redraw', () => {
  it('never resizes a PTY for a focus move or zoom; a smaller pane shows its top-left with the cursor row, marked cropped', async () => {
    const h = await start(agents(['a1', 'running'], ['a2', 'running']));
    // a2's PTY is larger than its 27x21 pane (another client typed into it at 50x20) but fits the zoomed one (56x21).
    h.api.pushSnapshot('a2', `TOP-LEFT${'.'.repeat(37)}RIGHT\r\nsecond line\r\n\r\n$ `, 50, 20);
    await h.waitFor((t) => t.includes('a2 [cropped]'), 'cropped mark');
    const pane = h.stdout.text().split('\n');
    expect(pane[1]).toContain('TOP-LEFT');
    expect(pane[1]).not.toContain('RIGHT');
    h.stdin.type('\x02l\x02z');
    await h.waitFor((t) => t.includes('[zoom]') && t.includes('RIGHT'), 'zoomed: whole');
    expect(h.stdout.text()).not.toContain('cropped');
    expect(h.api.resizes).toEqual([]);
    // Typing is what makes the PTY this pane's size (the zoomed one: 58x23 outer).
    h.stdin.type('x');
    expect(h.api.resizes).toEqual([{ agentId: 'a2', cols: 56, rows: 21 }]);
  });

  it('keeps the cursor row of a taller PTY in view', async () => {
    const h = await start(agents(['a1', 'running'], ['a2', 'running']));
    h.api.pushSnapshot('a1', `${Array.from({ length: 29 }, (_, i) => `row ${i}`).join('\r\n')}\r\n$ `, 27, 40);
    await h.waitFor((t) => t.includes('row 28') && t.includes('a1 [cropped]'), 'bottom rows around the cursor');
  });

  it('prefix r draws the whole screen again after something else wrote on the terminal', async () => {
    const h = await start(agents(['a1', 'running']));
    h.stdout.term.write('\x1b[5;30HSTRAY-JUNK');
    await h.stdout.flushed();
    await new Promise<void>((r) => h.stdout.term.write('', r));
    expect(h.stdout.text()).toContain('STRAY-JUNK');
    h.stdin.type('\x02r');
    await h.waitFor((t) => !t.includes('STRAY-JUNK') && t.includes('a1$'), 'redrawn');
  });

  it('opens with the configured layout and without the sidebar', async () => {
    const h = await start(agents(['a1', 'running'], ['a2', 'running'], ['a3', 'running']), { view: { layout: 'single', sidebar: false } });
    const text = h.stdout.text();
    expect(text).not.toContain('agents (');
    expect(statusLine(h)).toContain('+2 more');
    expect(text.split('\n')[0]?.startsWith('┏━ a1')).toBe(true);
  });
});

describe('agent records', () => {
  it('never goes back to an older record when a request reply arrives after the events that followed it', async () => {
    /** Restart answers with the record as it was when the process started, after the event saying it is idle. */
    class LateReplyApi extends ManageApi {
      override async restartAgent(agentId: string): Promise<AgentRecord> {
        this.changeAgent(agentId, { status: 'starting', updatedAt: '2025-01-01T00:01:00.000Z' });
        const starting = this.agents.get(agentId) as AgentRecord;
        this.changeAgent(agentId, { status: 'idle', updatedAt: '2025-01-01T00:01:01.000Z' });
        return starting;
      }
    }
    const api = new LateReplyApi();
    api.addAgent({ id: 'a1', title: 'a1', status: 'exited' });
    api.addAgent({ id: 'a2', title: 'a2', status: 'running' });
    const h = await start(api);
    h.stdin.type('\x02e');
    await h.waitFor((t) => t.includes('a1 · shell · exited'), 'a1 back');
    h.stdin.type('\x02R');
    await h.waitFor((t) => t.includes('restarted "a1"'), 'restarted');
    await h.settle();
    expect(h.stdout.text()).toContain('a1 · shell · idle');
  });
});
