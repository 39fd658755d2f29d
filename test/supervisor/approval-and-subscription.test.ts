import { describe, expect, it } from 'vitest';
import { ApprovalBroker, type ApprovalChange } from '../../src/supervisor/approval-broker.js';
import { subscribeScreen } from '../../src/supervisor/terminal-subscription.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { hookSecretMatches, newHookSecret } from '../../src/supervisor/hook-secret.js';
import type { TerminalDelta, TerminalSnapshot } from '../../src/core/protocol.js';

describe('approval broker', () => {
  it('lists pending requests; the first decision wins and fires onDidChange', async () => {
    const broker = new ApprovalBroker(60_000);
    const changes: ApprovalChange[] = [];
    broker.onDidChange((c) => changes.push(c));
    const { id, decision } = broker.request('a1', { tool: 'Bash', command: 'rm -rf /' });
    expect(broker.list()).toMatchObject([{ id, agentId: 'a1', tool: 'Bash', command: 'rm -rf /' }]);
    expect(broker.decide(id, { behavior: 'deny', message: 'no' })).toBe(true);
    expect(broker.decide(id, { behavior: 'allow' })).toBe(false);
    expect(await decision).toEqual({ behavior: 'deny', message: 'no' });
    expect(broker.list()).toEqual([]);
    expect(changes.map((c) => c.kind)).toEqual(['added', 'decided']);
    broker.dispose();
  });

  it('denies at the deadline (fail closed)', async () => {
    const broker = new ApprovalBroker(50);
    const { decision } = broker.request('a1', { tool: 'Bash', command: 'git push' });
    expect(await decision).toMatchObject({ behavior: 'deny' });
    expect(broker.list()).toEqual([]);
    broker.dispose();
  });

  it('cancel denies one agent\'s requests; dispose denies the rest', async () => {
    const broker = new ApprovalBroker(60_000);
    const a = broker.request('a1', { tool: 'Edit' });
    const b = broker.request('b2', { tool: 'Edit' });
    broker.cancel('the agent exited', 'a1');
    expect(await a.decision).toEqual({ behavior: 'deny', message: 'the agent exited' });
    expect(broker.list().map((r) => r.agentId)).toEqual(['b2']);
    broker.dispose();
    expect(await b.decision).toMatchObject({ behavior: 'deny' });
  });
});

describe('hook secrets', () => {
  it('are random and compared exactly', () => {
    const s = newHookSecret();
    expect(s).toMatch(/^[0-9a-f]{64}$/);
    expect(newHookSecret()).not.toBe(s);
    expect(hookSecretMatches(s, s)).toBe(true);
    expect(hookSecretMatches(s, s.slice(0, -1))).toBe(false);
    expect(hookSecretMatches(s, undefined)).toBe(false);
  });
});

describe('terminal subscription', () => {
  it('sends one snapshot, then only deltas after its seq, even when output races the snapshot', async () => {
    const screen = new HeadlessScreen({ cols: 40, rows: 5, scrollback: 100 });
    try {
      screen.write('first\r\n');
      const got: Array<TerminalSnapshot | TerminalDelta> = [];
      const subscribing = subscribeScreen('a1', screen, { onSnapshot: (s) => got.push(s), onDelta: (d) => got.push(d) }, 100);
      screen.write('second\r\n');
      screen.resize(50, 6);
      const sub = await subscribing;
      screen.write('third\r\n');
      await screen.drained();
      const [snap, ...deltas] = got as [TerminalSnapshot, ...TerminalDelta[]];
      expect('data' in snap && snap.data).toContain('first');
      const outputs = deltas.filter((d) => d.kind === 'output').map((d) => (d as { data: string }).data).join('');
      expect(outputs).toContain('third');
      // Everything is shown exactly once: in the snapshot or in a delta, never both.
      expect((snap.data.match(/second/g) ?? []).length + (outputs.match(/second/g) ?? []).length).toBe(1);
      for (const d of deltas) expect(d.seq).toBeGreaterThan(snap.seq);
      const seqs = deltas.map((d) => d.seq);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      const sizes = [snap, ...deltas].filter((x) => 'cols' in x).map((x) => `${(x as { cols: number }).cols}x${(x as { rows: number }).rows}`);
      expect(sizes.at(-1)).toBe('50x6');
      sub.dispose();
      screen.write('after-dispose\r\n');
      await screen.drained();
      expect(JSON.stringify(got)).not.toContain('after-dispose');
    } finally {
      screen.dispose();
    }
  });
});
