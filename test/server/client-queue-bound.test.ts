/** ClientQueue's hard bound: replies and events are never dropped, so past the bound the queue closes and says so once. */
import { describe, expect, it } from 'vitest';
import { ClientQueue, type QueueSink } from '../../src/server/client-queue.js';

/** A socket that never drains: everything sent stays unsent. */
class StuckSink implements QueueSink {
  unsent = 0;
  frames: string[] = [];
  overflows: number[] = [];
  get unsentBytes(): number {
    return this.unsent;
  }
  send(frame: string | Buffer): void {
    this.frames.push(frame.toString());
    this.unsent += Buffer.byteLength(frame);
  }
  onOverflow(queuedBytes: number): void {
    this.overflows.push(queuedBytes);
  }
}

const limits = { maxBytes: 400, resumeBelowBytes: 100, maxQueuedBytes: 1_000 };
const control = (n: number) => JSON.stringify({ type: 'event', n, pad: 'x'.repeat(280) }); // ~300 bytes

describe('ClientQueue hard bound', () => {
  it('sends control frames while under the bound, then sends nothing more and tells the sink once', () => {
    const sink = new StuckSink();
    const q = new ClientQueue(sink, limits);
    for (let n = 0; n < 4; n++) q.sendControl(control(n)); // 3 × 300 under 1 000, the 4th goes over it
    expect(sink.frames).toHaveLength(4);
    expect(sink.overflows).toEqual([]);
    q.sendControl(control(4));
    q.sendControl(control(5));
    expect(sink.frames).toHaveLength(4);
    expect(sink.overflows).toEqual([sink.unsent]);
    expect(q.checkBound()).toBe(true);
    expect(q.sendDelta('{"type":"output"}', 'a1')).toBe('dropped');
    expect(sink.overflows).toHaveLength(1);
  });

  it('counts a reserved frame (a large reply being encoded) as queued until it is released', () => {
    const sink = new StuckSink();
    const q = new ClientQueue(sink, limits);
    const release = q.reserve(900);
    expect(release).toBeDefined();
    expect(q.queuedBytes).toBe(900);
    // Deltas see the reservation too: the client is behind already.
    expect(q.sendDelta('x'.repeat(50), 'a1')).toBe('fell-behind');
    q.sendControl(control(1)); // under the bound before it: sent
    expect(q.reserve(10)).toBeUndefined(); // 900 reserved + 300 unsent: over, nothing more is built
    expect(sink.overflows).toHaveLength(1);
    release!();
    release!();
    expect(q.queuedBytes).toBe(sink.unsent);
  });

  it('a released reservation frees its room', () => {
    const sink = new StuckSink();
    const q = new ClientQueue(sink, limits);
    q.reserve(800)!();
    expect(q.queuedBytes).toBe(0);
    q.sendControl(control(1));
    expect(q.checkBound()).toBe(false);
    expect(sink.overflows).toEqual([]);
  });
});
