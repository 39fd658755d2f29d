import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalDelta, TerminalSnapshot } from '../../src/core/protocol.js';
import { RawClient, TerminalMirror, screenOf, startHarness, waitUntil, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const TOTAL_BYTES = 50 * 1024 * 1024;

function floodChunk(): string {
  let chunk = '';
  for (let i = 0; chunk.length < 64 * 1024; i++) chunk += `flood line ${i} ${'abcdefghij'.repeat(5)}\r\n`;
  return chunk;
}

describe('a slow client (tmux rule)', () => {
  it('never stalls the producer or a fast client, stays bounded, and resyncs with a fresh snapshot once it reads again', async () => {
    h = await startHarness();
    const service = h.service;
    const fast = await h.connect({ kind: 'tui' });
    const agent = await fast.createAgent({ cols: 80, rows: 24 });
    const source = service.terminal(agent.id);
    source.emit('\x1b[1mbefore the flood\x1b[0m\r\n');

    // The fast client checks that it sees every output chunk exactly once, in order.
    let fastSeq = -1;
    let fastBytes = 0;
    let fastSnapshots = 0;
    let fastGaps = 0;
    await fast.subscribeTerminal(agent.id, {
      onSnapshot(s: TerminalSnapshot) {
        fastSnapshots++;
        fastSeq = s.seq;
      },
      onDelta(d: TerminalDelta) {
        if (d.kind !== 'output') return;
        if (d.seq !== fastSeq + 1) fastGaps++;
        fastSeq = d.seq;
        fastBytes += d.data.length;
      },
    });

    // The slow client subscribes, gets its snapshot, then stops reading its socket.
    const slow = await RawClient.hello(h.url);
    slow.send({ type: 'request', id: 1, method: 'terminal.subscribe', params: { agentId: agent.id } });
    await slow.next((m) => m.type === 'response' && m.id === 1, 'subscribe reply');
    const slowSocket = (slow.ws as unknown as { _socket: Socket })._socket;
    slowSocket.pause();
    expect(source.subscribers.size).toBe(2);

    const chunk = floodChunk();
    const chunks = Math.ceil(TOTAL_BYTES / chunk.length);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let slowReleased = false;
    const seqAtStart = source.seq;
    for (let i = 0; i < chunks; i++) {
      source.emit(chunk); // synchronous: nothing a client does can make this wait
      if (source.subscribers.size === 1) slowReleased = true;
      if (i % 16 === 15) {
        // Pace like the daemon does (PTY paused on parser backlog), and let sockets move;
        // the wait is on the source parser and the fast client only, never on the slow one.
        await source.flush();
        await waitUntil(() => fastSeq >= source.seq - 32, 'the fast client to keep up');
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
    }
    const lastSeq = source.seq;
    await waitUntil(() => fastSeq === lastSeq, 'the fast client to receive everything', 30_000);

    expect(fastGaps).toBe(0);
    expect(fastSnapshots).toBe(1);
    expect(fastBytes).toBe(chunks * chunk.length);
    expect(lastSeq - seqAtStart).toBe(chunks);
    expect(slowReleased).toBe(true); // the slow client's stream was let go rather than buffered
    expect(rssPeak - rssBefore).toBeLessThan(100 * 1024 * 1024);

    // The slow client reads again: it drains what was in flight, then gets a fresh snapshot and deltas.
    const snapshotsBefore = slow.messages.filter((m) => m.type === 'snapshot').length;
    slowSocket.resume();
    await waitUntil(() => slow.messages.filter((m) => m.type === 'snapshot').length > snapshotsBefore, 'a resync snapshot', 30_000);
    source.emit('\x1b[32mafter the flood\x1b[0m');
    await source.flush();

    const mirror = new TerminalMirror();
    const lastSnapshot = slow.messages.map((m) => m.type).lastIndexOf('snapshot');
    await waitUntil(() => slow.messages.some((m) => m.type === 'output' && m.seq === source.seq), 'the post-flood delta');
    for (const m of slow.messages.slice(lastSnapshot)) {
      if (m.type === 'snapshot') mirror.onSnapshot(m);
      else if (m.type === 'output') mirror.onDelta({ kind: 'output', agentId: m.agentId, seq: m.seq, data: m.data });
    }
    await mirror.settled(source.seq);
    expect(screenOf(mirror.term!)).toEqual(screenOf(source.term));
    expect(source.subscribers.size).toBe(2);
    mirror.dispose();
    slow.close();
  });
});
