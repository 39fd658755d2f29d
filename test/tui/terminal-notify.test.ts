// An agent that needs the user reaches the user's terminal: OSC 9 and OSC 777 desktop notifications and the bell,
// written by the compositor's one writer (ScreenWriter), never by anything else.
import { afterEach, describe, expect, it } from 'vitest';
import { ScreenWriter } from '../../src/tui/compositor/screen-writer.js';
import { AttentionNotices } from '../../src/tui/attention-notices.js';
import type { AgentRecord } from '../../src/core/agent.js';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.session.restore();
});

describe('ScreenWriter.notify', () => {
  it('writes OSC 9, OSC 777 and the bell; agent text cannot end the sequence early', () => {
    const out: string[] = [];
    const w = new ScreenWriter({ write: (d: string) => out.push(d) });
    w.notify({ title: 'paseo: fix;\x07\x1b]0;evil', body: 'needs permission', bell: true });
    expect(out).toEqual(['\x1b]9;paseo: fix,  ]0,evil: needs permission\x07\x1b]777;notify;paseo: fix,  ]0,evil;needs permission\x07\x07']);
    out.length = 0;
    w.notify({ title: 't', body: 'b', bell: false });
    expect(out).toEqual(['\x1b]9;t: b\x07\x1b]777;notify;t;b\x07']);
    out.length = 0;
    w.notify();
    expect(out).toEqual(['\x07']);
  });
});

describe('AttentionNotices', () => {
  const rec = (attention?: AgentRecord['attention']): AgentRecord =>
    ({ id: 'a1', title: 'one', provider: 'shell', mode: 'default', cwd: '/', status: 'idle', cols: 80, rows: 24, createdAt: '', updatedAt: '', ...(attention ? { attention } : {}) }) as AgentRecord;
  it('one notice per change of attention; permission without a second bell (its approval rings)', () => {
    const n = new AttentionNotices();
    expect(n.next({ kind: 'changed', agent: rec() })).toBeUndefined();
    expect(n.next({ kind: 'changed', agent: rec('permission') })).toEqual({ title: 'paseo: one', body: 'needs permission', bell: false });
    expect(n.next({ kind: 'changed', agent: rec('permission') })).toBeUndefined();
    expect(n.next({ kind: 'changed', agent: { ...rec('error'), statusDetail: 'exit 2' } })).toEqual({ title: 'paseo: one', body: 'failed: exit 2', bell: true });
    expect(n.next({ kind: 'changed', agent: rec('finished') })).toEqual({ title: 'paseo: one', body: 'finished', bell: true });
  });
});

describe('TUI', () => {
  it('an attached TUI gets OSC 9 / OSC 777 and the bell when an agent needs the user', async () => {
    const api = new FakeApi();
    api.addAgent({ id: 'a1', title: 'one' });
    const h = startHarness({ cols: 80, rows: 24, api });
    open.push(h);
    await h.settle();
    const written = () => h.stdout.chunks.join('');
    expect(written()).not.toContain('\x1b]9;');
    api.changeAgent('a1', { status: 'idle', attention: 'error', statusDetail: 'exit 1' });
    await h.settle();
    expect(written()).toContain('\x1b]9;paseo: one: failed: exit 1\x07\x1b]777;notify;paseo: one;failed: exit 1\x07\x07');
    api.changeAgent('a1', { status: 'waiting', attention: 'permission' });
    await h.settle();
    expect(written()).toContain('\x1b]9;paseo: one: needs permission\x07');
  });
});
