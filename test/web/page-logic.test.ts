/** The page's pure parts: key bar bytes (cursor-key mode, sticky Ctrl) and how agents are grouped. */
import { describe, expect, it } from 'vitest';
import { ctrlChar, keyBytes } from '../../src/web/keys.js';
import { AppState } from '../../src/web/app-state.js';
import type { AgentRecord } from '../../src/core/agent.js';

describe('key bar', () => {
  it('sends what a terminal sends, following the screen\'s cursor-key mode', () => {
    expect(keyBytes('Up', { ctrl: false, appCursor: false })).toBe('\x1b[A');
    expect(keyBytes('Up', { ctrl: false, appCursor: true })).toBe('\x1bOA');
    expect(keyBytes('Left', { ctrl: true, appCursor: true })).toBe('\x1b[1;5D');
    expect(keyBytes('S-Tab', { ctrl: false, appCursor: false })).toBe('\x1b[Z');
    expect(keyBytes('C-c', { ctrl: false, appCursor: false })).toBe('\x03');
    expect(keyBytes('Esc', { ctrl: false, appCursor: false })).toBe('\x1b');
    expect(keyBytes('Enter', { ctrl: false, appCursor: false })).toBe('\r');
    expect(keyBytes('y', { ctrl: false, appCursor: false })).toBe('y');
    expect(keyBytes('n', { ctrl: true, appCursor: false })).toBe('\x0e');
    expect(ctrlChar('D')).toBe('\x04');
    expect(ctrlChar('1')).toBe('1');
  });
});

describe('agent groups', () => {
  const agent = (id: string, over: Partial<AgentRecord>): AgentRecord => ({
    id, title: id, provider: 'shell', mode: 'default', cwd: '/', status: 'idle', cols: 80, rows: 24, createdAt: '', updatedAt: '', ...over,
  });

  it('needs you / working / done, a pending request first', () => {
    const s = new AppState();
    s.setAgents([agent('a', { status: 'running' }), agent('b', { status: 'waiting' }), agent('c', { status: 'idle' }), agent('d', { status: 'exited', attention: 'error' })]);
    expect(['a', 'b', 'c', 'd'].map((id) => s.groupOf(s.agents.get(id)!))).toEqual(['working', 'needs', 'done', 'needs']);
    s.apply({ kind: 'approval.added', approval: { id: 'r1', agentId: 'a', tool: 'Bash', command: 'git push', createdAt: '', deadlineAt: '' } });
    expect(s.groupOf(s.agents.get('a')!)).toBe('needs');
    s.apply({ kind: 'approval.decided', requestId: 'r1', agentId: 'a', behavior: 'allow', by: 'x' });
    expect(s.groupOf(s.agents.get('a')!)).toBe('working');
    // An archived agent leaves the list.
    s.apply({ kind: 'changed', agent: agent('c', { archivedAt: 'now' }) });
    expect(s.agents.has('c')).toBe(false);
  });

  it('roles include the ones below them', () => {
    const s = new AppState();
    s.role = 'approver';
    expect([s.can('viewer'), s.can('approver'), s.can('operator')]).toEqual([true, true, false]);
  });
});
