import { afterEach, describe, expect, it } from 'vitest';
import { BatchEncoder } from '../../src/server/batch-encoder.js';
import { ClientQueue, type BatchPolicy, type QueueSink } from '../../src/server/client-queue.js';
import { DeltaEncoder } from '../../src/server/delta-encoder.js';

/** A socket stand-in that keeps every frame as handed over (same object) and can pretend not to drain. */
class Sink implements QueueSink {
  frames: Buffer[] = [];
  stuckBytes = 0;
  get unsentBytes(): number {
    return this.stuckBytes;
  }
  send(frame: string | Buffer): void {
    const buf = typeof frame === 'string' ? Buffer.from(frame) : frame;
    this.frames.push(buf);
  }
}

const batch: BatchPolicy = { windowMs: 16, echoMs: 250, maxBytes: 1 << 20 };
const limits = { maxBytes: 4_000, resumeBelowBytes: 500 };
const queues: ClientQueue[] = [];
afterEach(() => queues.splice(0).forEach((q) => q.dispose()));

function client(clock: { t: number }, batches: BatchEncoder): { sink: Sink; queue: ClientQueue } {
  const sink = new Sink();
  const queue = new ClientQueue(sink, limits, batch, () => clock.t, batches);
  queues.push(queue);
  return { sink, queue };
}

const delta = (seq: number, data: string) => ({ kind: 'output' as const, agentId: 'a1', seq, data });
const messagesOf = (frame: Buffer) => {
  const m = JSON.parse(frame.toString('utf8')) as { type: string; messages?: unknown[] };
  return m.type === 'batch' ? m.messages! : [m];
};

describe('BatchEncoder', () => {
  it('gives every client that gathered the same deltas the very same batch frame, built once', () => {
    const clock = { t: 0 };
    const deltas = new DeltaEncoder();
    const batches = new BatchEncoder();
    const a = client(clock, batches);
    const b = client(clock, batches);
    // The fan-out of one agent's output: each delta to both clients in turn.
    const fanOut = (d: ReturnType<typeof delta>) => [a, b].forEach((c) => c.queue.sendDelta(deltas.encode(d), 'a1'));
    fanOut(delta(1, 'first é\x1b[31m'));
    clock.t = 1;
    fanOut(delta(2, 'second\r\n'));
    fanOut(delta(3, 'third ✓'));
    a.queue.flush();
    b.queue.flush();

    expect(a.sink.frames).toHaveLength(2);
    expect(b.sink.frames).toHaveLength(2);
    expect(b.sink.frames[1]).toBe(a.sink.frames[1]);
    expect(batches.encodeCount).toBe(1);
    expect(messagesOf(a.sink.frames[1]!)).toEqual([
      { type: 'output', agentId: 'a1', seq: 2, data: 'second\r\n' },
      { type: 'output', agentId: 'a1', seq: 3, data: 'third ✓' },
    ]);
  });

  it('builds a new batch for different frames, in their order', () => {
    const batches = new BatchEncoder();
    const f = (s: string) => Buffer.from(JSON.stringify({ s }));
    const [x, y, z] = [f('x'), f('y'), f('z')];
    const xy = batches.encode([x, y]);
    expect(batches.encode([x, y])).toBe(xy);
    const yx = batches.encode([y, x]);
    const xyz = batches.encode([x, y, z]);
    expect(batches.encodeCount).toBe(3);
    expect(JSON.parse(yx.toString())).toEqual({ type: 'batch', messages: [{ s: 'y' }, { s: 'x' }] });
    expect(JSON.parse(xyz.toString())).toEqual({ type: 'batch', messages: [{ s: 'x' }, { s: 'y' }, { s: 'z' }] });
  });

  it('a client that stops draining falls behind alone: the fast one keeps getting every delta', () => {
    const clock = { t: 0 };
    const deltas = new DeltaEncoder();
    const batches = new BatchEncoder();
    const fast = client(clock, batches);
    const slow = client(clock, batches);
    const outcomes: string[] = [];
    for (let seq = 1; seq <= 40; seq++) {
      clock.t = seq * 20; // every delta after a full window: each is sent at once
      const frame = deltas.encode(delta(seq, 'y'.repeat(200)));
      fast.queue.sendDelta(frame, 'a1');
      outcomes.push(slow.queue.sendDelta(frame, 'a1'));
      slow.sink.stuckBytes += frame.length; // the slow socket never writes anything out
    }
    expect(outcomes).toContain('fell-behind');
    expect(slow.queue.isBehind).toBe(true);
    expect(fast.queue.isBehind).toBe(false);
    expect(fast.sink.frames.flatMap(messagesOf).map((m) => (m as { seq: number }).seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
