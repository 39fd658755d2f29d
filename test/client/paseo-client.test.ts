import { afterEach, describe, expect, it } from 'vitest';
import { Flow } from '../../src/core/constants.js';
import { PaseoClient } from '../../src/client/paseo-client.js';
import { startServer } from '../../src/server/start-server.js';
import { FakeService } from '../server/fake-service.js';
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

describe('PaseoClient reconnect', () => {
  it('renews more terminal streams than the daemon takes requests at once (a TUI of many panes): every one gets its snapshot', async () => {
    const service = new FakeService();
    let server = await startServer({ service, listen: '127.0.0.1:0', version: 't', home: '/tmp/none' });
    const port = server.port;
    const client = await PaseoClient.connect({ url: server.url, kind: 'tui', reconnect: true });
    const n = Flow.CLIENT_MAX_REQUESTS_IN_FLIGHT + 8;
    const mirrors: TerminalMirror[] = [];
    try {
      for (let i = 0; i < n; i++) {
        const a = await client.createAgent({ cols: 20, rows: 4 });
        const mirror = new TerminalMirror();
        await client.subscribeTerminal(a.id, mirror);
        mirrors.push(mirror);
      }
      const down = new Promise<void>((resolve) => client.onDidDisconnect(() => resolve()));
      await server.close();
      await down;
      const up = new Promise<void>((resolve) => client.onDidReconnect(() => resolve()));
      server = await startServer({ service, listen: `127.0.0.1:${port}`, version: 't', home: '/tmp/none' });
      await up;
      // All at once, the requests past the daemon's limit were refused `busy` and those panes stayed stale.
      await waitUntil(() => mirrors.every((m) => m.snapshots === 2), `a fresh snapshot for all ${n} streams`);
    } finally {
      for (const m of mirrors) m.dispose();
      client.dispose();
      await server.close();
      service.dispose();
    }
  });
});
