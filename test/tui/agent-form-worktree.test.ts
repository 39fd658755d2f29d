// The new-agent form's model, mode and worktree fields; the sidebar's order (worktree/cwd groups, children under parents).
import { describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../src/core/agent.js';
import type { PaseoApi } from '../../src/core/api.js';
import type { WorktreeCreateOptions } from '../../src/core/worktree.js';
import { BRANCH, MODE, MODEL, WORKTREE, formKey, newAgentForm, type AgentForm } from '../../src/tui/state/agent-form.js';
import { startInWorktree } from '../../src/tui/state/form-worktree.js';
import { sidebarOrder } from '../../src/tui/layout/sidebar-order.js';
import { childDepth, placeLine, sidebarEntry } from '../../components/sidebar-place.js';

const key = (name: string) => ({ kind: 'key' as const, name, data: name.length === 1 ? name : '' });

function typeInto(form: AgentForm, field: number, text: string): AgentForm {
  let f: AgentForm = { ...form, focus: field };
  for (const ch of text) {
    const out = formKey(f, key(ch));
    if (out.kind !== 'edit') throw new Error('not an edit');
    f = out.form;
  }
  return f;
}

function choose(form: AgentForm, field: number, steps: number): AgentForm {
  let f: AgentForm = { ...form, focus: field };
  for (let i = 0; i < steps; i++) {
    const out = formKey(f, key('Right'));
    if (out.kind !== 'edit') throw new Error('not an edit');
    f = out.form;
  }
  return f;
}

describe('new-agent form', () => {
  it('sends provider/model and the mode', () => {
    let form = newAgentForm(['shell', 'claude'], '/repo');
    form = choose(form, 0, 1);
    form = typeInto(form, MODEL, 'opus');
    form = choose(form, MODE, 3);
    const out = formKey(form, key('Enter'));
    expect(out).toMatchObject({ kind: 'submit', options: { provider: 'claude/opus', mode: 'full-access', cwd: '/repo' } });
    expect(out.kind === 'submit' && out.worktree).toBeFalsy();
  });

  it('asks for a branch with a worktree, then makes the worktree and starts the agent in it', async () => {
    let form = choose(newAgentForm(['shell'], '/repo'), WORKTREE, 1);
    const missing = formKey(form, key('Enter'));
    expect(missing).toMatchObject({ kind: 'edit', form: { focus: BRANCH, error: 'a worktree needs a branch name' } });
    form = typeInto(form, BRANCH, 'fix/foo');
    const out = formKey(form, key('Enter'));
    expect(out).toMatchObject({ kind: 'submit', worktree: { action: 'branch-off', branch: 'fix/foo' } });
    const asked: WorktreeCreateOptions[] = [];
    const api = {
      createWorktree: async (o: WorktreeCreateOptions) => {
        asked.push(o);
        return { branchName: 'fix/foo', worktreePath: '/home/.paseo/worktrees/abcdef012345/fix-foo', slug: 'fix-foo', reused: false };
      },
    } as unknown as PaseoApi;
    if (out.kind !== 'submit') throw new Error('no submit');
    const options = await startInWorktree(api, out.options, out.worktree);
    expect(asked).toEqual([{ cwd: '/repo', action: 'branch-off', branchName: 'fix/foo' }]);
    expect(options.cwd).toBe('/home/.paseo/worktrees/abcdef012345/fix-foo');
    const existing = formKey(choose(form, WORKTREE, 1), key('Enter'));
    expect(existing).toMatchObject({ kind: 'submit', worktree: { action: 'checkout', branch: 'fix/foo' } });
  });
});

function agent(id: string, cwd: string, extra: Partial<AgentRecord> = {}): AgentRecord {
  return { id, title: id, provider: 'shell', mode: 'default', cwd, status: 'idle', cols: 80, rows: 24, createdAt: id, updatedAt: id, ...extra };
}

describe('sidebar order', () => {
  const wt = '/h/.paseo/worktrees/0123456789ab/fix-foo';
  const agents = [
    agent('a', '/repo'),
    agent('b', `${wt}/src`, { gitStart: { branch: 'fix/foo' } }),
    agent('c', '/repo'),
    agent('d', '/elsewhere', { parentAgentId: 'a' }),
    agent('e', wt, { parentAgentId: 'd' }),
    agent('f', '/repo', { archivedAt: 'x' }),
  ];

  it('groups by worktree or cwd in order of first appearance, children right under their parent; archived left out', () => {
    expect(sidebarOrder(agents).map((a) => a.id)).toEqual(['a', 'd', 'e', 'c', 'b']);
  });

  it('indents children by depth and shows the branch and worktree', () => {
    const listed = sidebarOrder(agents);
    expect(listed.map((a) => childDepth(a, listed))).toEqual([0, 1, 2, 0, 0]);
    expect(placeLine(agents[1]!)).toEqual({ branch: 'fix/foo', place: 'wt:fix-foo/src' });
    expect(placeLine(agents[0]!)).toEqual({ place: '/repo' });
    // The text both renderers draw for an entry.
    expect(sidebarEntry(listed[2]!, listed)).toEqual({ title: '  ↳ e', head: '  shell', place: 'wt:fix-foo' });
    expect(sidebarEntry(listed[4]!, listed)).toEqual({ title: 'b', head: '  shell ⎇ fix/foo', place: 'wt:fix-foo/src' });
  });
});

describe('sidebar on screen', () => {
  it('draws a child under its parent with ↳ and a worktree agent with its branch', async () => {
    const { startHarness } = await import('./harness.js');
    const { FakeApi } = await import('./fake-api.js');
    const api = new FakeApi();
    api.addAgent({ id: 'p1', title: 'lead', provider: 'claude', status: 'idle' });
    api.addAgent({ id: 'o1', title: 'other', provider: 'shell', cwd: '/elsewhere' });
    api.addAgent({ id: 'k1', title: 'helper', provider: 'shell', parentAgentId: 'p1', cwd: '/h/.paseo/worktrees/0123456789ab/fix-foo', gitStart: { branch: 'fix/foo' } });
    const h = startHarness({ cols: 120, rows: 40, api });
    try {
      await h.waitFor((t) => t.includes('↳ helper'), 'the child in the sidebar');
      const lines = h.stdout.text().split('\n');
      const row = (title: string) => lines.findIndex((l) => l.slice(2).startsWith(title));
      const lead = row('lead');
      const child = row('↳ helper');
      const other = row('other');
      expect(child).toBe(lead + 2);
      expect(other).toBeGreaterThan(child);
      expect(lines[child + 1]).toMatch(/^ {2}shell ⎇ fix\/foo .*fix-foo/);
    } finally {
      h.session.restore();
    }
  });
});
