import { describe, expect, it } from 'vitest';
import type { TerminalListener } from '../../src/core/api.js';
import { toDisposable } from '../../src/core/disposable.js';
import { ClientQueue } from '../../src/server/client-queue.js';
import { ClientTerminals } from '../../src/server/client-terminals.js';
import { DeltaEncoder } from '../../src/server/delta-encoder.js';
import { waitUntil } from './harness.js';

/** A service with one terminal whose listeners the test drives directly. */
function fakeStream() {
  const listeners = new Set<TerminalListener>();
  let seq = 0;
  let subscribes = 0;
  return {
    listeners,
    get subscribes() {
      return subscribes;
    },
    async subscribeTerminal(agentId: string, listener: TerminalListener) {
      subscribes++;
      listeners.add(listener);
      listener.onSnapshot({ agentId, cols: 10, rows: 2, seq, data: `snap@${seq}` });
      return toDisposable(() => listeners.delete(listener));
    },
    emit(data: string) {
      seq++;
      for (const l of [...listeners]) l.onDelta({ kind: 'output', agentId: 'a1', seq, data });
    },
  };
}

function setup(maxBehindMs = 60_000) {
  const sink = { unsentBytes: 0, frames: [] as Array<{ type: string; seq?: number; data?: string }>, send(f: string) { this.frames.push(JSON.parse(f)); } };
  const queue = new ClientQueue(sink, { maxBytes: 1_000, resumeBelowBytes: 100 });
  const stream = fakeStream();
  let dropped = 0;
  const terminals = new ClientTerminals({
    service: stream,
    queue,
    sendError: () => {},
    onTooFarBehind: () => dropped++,
    clientName: () => 'test',
    pollMs: 2,
    maxBehindMs,
  });
  return { sink, stream, terminals, dropped: () => dropped };
}

describe('ClientTerminals', () => {
  it('encodes each output chunk once, whatever the number of clients, and every client gets the same frame', async () => {
    const stream = fakeStream();
    const encoder = new DeltaEncoder();
    const sinks = Array.from({ length: 5 }, () => ({ unsentBytes: 0, frames: [] as Array<string | Buffer>, send(f: string | Buffer) { this.frames.push(f); } }));
    const clients = sinks.map(
      (sink) =>
        new ClientTerminals({ service: stream, queue: new ClientQueue(sink), sendError: () => {}, onTooFarBehind: () => {}, clientName: () => 'c', encoder }),
    );
    for (const c of clients) await c.subscribe('a1', undefined);
    stream.emit('\x1b[31mred\x1b[0m ✓');
    stream.emit('two');
    stream.emit('three');
    expect(encoder.encodeCount).toBe(3);
    for (const sink of sinks) {
      const outputs = sink.frames.slice(1);
      expect(outputs.map((f) => JSON.parse(f.toString()))).toEqual([
        { type: 'output', agentId: 'a1', seq: 1, data: '\x1b[31mred\x1b[0m ✓' },
        { type: 'output', agentId: 'a1', seq: 2, data: 'two' },
        { type: 'output', agentId: 'a1', seq: 3, data: 'three' },
      ]);
      expect(outputs[0]).toBe(sinks[0]!.frames[1]); // the same bytes object, not a copy per client
    }
    for (const c of clients) c.dispose();
  });

  it('a large snapshot, encoded in pieces, still reaches the client before the deltas that follow it', async () => {
    const big = `${'\x1b[32mline ✓\r\n'.repeat(20_000)}end`;
    const listeners: TerminalListener[] = [];
    const service = {
      async subscribeTerminal(agentId: string, listener: TerminalListener) {
        listeners.push(listener);
        listener.onSnapshot({ agentId, cols: 80, rows: 24, seq: 0, data: big });
        // Output that arrives while the snapshot is still being encoded.
        listener.onDelta({ kind: 'output', agentId, seq: 1, data: 'after-1' });
        return toDisposable(() => {});
      },
    };
    const frames: Array<{ type: string; seq?: number; data?: string }> = [];
    const sink = { unsentBytes: 0, send: (f: string | Buffer) => frames.push(JSON.parse(f.toString())) };
    const terminals = new ClientTerminals({ service, queue: new ClientQueue(sink), sendError: () => {}, onTooFarBehind: () => {}, clientName: () => 'c', encoder: new DeltaEncoder() });
    const subscribing = terminals.subscribe('a1', undefined);
    listeners[0]!.onDelta({ kind: 'output', agentId: 'a1', seq: 2, data: 'after-2' });
    await subscribing;
    expect(frames.map((f) => f.type)).toEqual(['snapshot', 'output', 'output']);
    expect(frames[0]!.data).toBe(big);
    expect(frames.slice(1).map((f) => f.seq)).toEqual([1, 2]);
    terminals.dispose();
  });

  it('encodes afresh when a chunk differs in data, agent or kind despite the same seq', () => {
    const encoder = new DeltaEncoder();
    encoder.encode({ kind: 'output', agentId: 'a', seq: 1, data: 'x' });
    encoder.encode({ kind: 'output', agentId: 'a', seq: 1, data: 'y' });
    encoder.encode({ kind: 'output', agentId: 'b', seq: 1, data: 'y' });
    encoder.encode({ kind: 'resize', agentId: 'b', seq: 1, cols: 80, rows: 24 });
    encoder.encode({ kind: 'resize', agentId: 'b', seq: 1, cols: 80, rows: 24 });
    expect(encoder.encodeCount).toBe(4);
  });

  it('releases the service stream when the client falls behind and resubscribes with a fresh snapshot once drained', async () => {
    const { sink, stream, terminals } = setup();
    await terminals.subscribe('a1', undefined);
    stream.emit('d1');
    expect(sink.frames.map((f) => f.type)).toEqual(['snapshot', 'output']);

    sink.unsentBytes = 2_000; // the socket stopped draining
    stream.emit('d2');
    expect(stream.listeners.size).toBe(0); // nothing is produced, let alone buffered, for this client
    stream.emit('d3');
    expect(sink.frames).toHaveLength(2);

    sink.unsentBytes = 50;
    await waitUntil(() => stream.subscribes === 2, 'the resync subscription');
    stream.emit('d4');
    expect(sink.frames.slice(2)).toEqual([
      { type: 'snapshot', agentId: 'a1', cols: 10, rows: 2, seq: 3, data: 'snap@3' },
      { type: 'output', agentId: 'a1', seq: 4, data: 'd4' },
    ]);
    terminals.dispose();
    expect(stream.listeners.size).toBe(0);
  });

  it('gives up on a client that never drains', async () => {
    const { sink, stream, terminals, dropped } = setup(20);
    await terminals.subscribe('a1', undefined);
    sink.unsentBytes = 5_000;
    stream.emit('x');
    await waitUntil(() => dropped() === 1, 'the too-far-behind verdict');
    terminals.dispose();
  });

  it('ignores late callbacks from a stream it already let go of', async () => {
    const { sink, stream, terminals } = setup();
    await terminals.subscribe('a1', undefined);
    const stale = [...stream.listeners][0]!;
    terminals.unsubscribe('a1');
    stale.onDelta({ kind: 'output', agentId: 'a1', seq: 99, data: 'late' });
    expect(sink.frames.map((f) => f.type)).toEqual(['snapshot']);
  });
});
