import { afterEach, describe, expect, it } from 'vitest';
import { TerminalMirror, startHarness, waitUntil, type Harness } from '../server/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('PaseoClient terminal listeners', () => {
  it('gives a second listener on the same agent its own snapshot first, and unsubscribes after the last one', async () => {
    h = await startHarness();
    const client = await h.connect();
    const a = await client.createAgent({ cols: 30, rows: 5 });
    const source = h.service.terminal(a.id);
    const first = new TerminalMirror();
    const sub1 = await client.subscribeTerminal(a.id, first);
    source.emit('one ');
    const second = new TerminalMirror();
    const sub2 = await client.subscribeTerminal(a.id, second);
    source.emit('two');
    await first.settled(source.seq);
    await second.settled(source.seq);
    expect(second.term!.buffer.active.getLine(0)?.translateToString(true)).toBe('one two');
    expect(first.term!.buffer.active.getLine(0)?.translateToString(true)).toBe('one two');
    expect(source.subscribers.size).toBe(1); // one server-side stream per client, fanned out locally

    sub1.dispose();
    await client.health();
    expect(source.subscribers.size).toBe(1);
    sub2.dispose();
    await waitUntil(() => source.subscribers.size === 0, 'the server stream to end with the last listener');
    first.dispose();
    second.dispose();
  });

  it('fails requests in flight when disposed and refuses new ones', async () => {
    h = await startHarness();
    const client = await h.connect();
    const pending = client.waitForAgent('a001').catch((e: { code: string }) => e.code);
    client.dispose();
    expect(await pending).toBe('daemon_not_running');
    expect(await client.health().catch((e: { code: string }) => e.code)).toBe('daemon_not_running');
  });
});
