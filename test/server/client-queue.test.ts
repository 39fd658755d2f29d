import { describe, expect, it } from 'vitest';
import { ClientQueue, type QueueSink } from '../../src/server/client-queue.js';

/** A socket stand-in: frames accumulate as unsent bytes until the test drains them. */
class FakeSink implements QueueSink {
  unsent: string[] = [];
  delivered: string[] = [];
  maxUnsent = 0;
  get unsentBytes(): number {
    return this.unsent.reduce((n, f) => n + Buffer.byteLength(f), 0);
  }
  send(frame: string): void {
    this.unsent.push(frame);
    this.maxUnsent = Math.max(this.maxUnsent, this.unsentBytes);
  }
  drain(bytes: number): void {
    while (this.unsent.length > 0 && bytes > 0) {
      const f = this.unsent.shift()!;
      bytes -= Buffer.byteLength(f);
      this.delivered.push(f);
    }
  }
}

const limits = { maxBytes: 1_000, resumeBelowBytes: 200 };
const frame = (seq: number) => JSON.stringify({ seq, data: 'x'.repeat(80) });

describe('ClientQueue', () => {
  it('sends deltas while under the bound', () => {
    const sink = new FakeSink();
    const q = new ClientQueue(sink, limits);
    for (let i = 1; i <= 5; i++) expect(q.sendDelta(frame(i))).toBe('sent');
    expect(q.isBehind).toBe(false);
    expect(sink.unsent).toHaveLength(5);
  });

  it('falls behind past the bound, drops further deltas, and resumes only below the low mark', () => {
    const sink = new FakeSink();
    const q = new ClientQueue(sink, limits);
    const outcomes: string[] = [];
    for (let i = 1; i <= 30; i++) outcomes.push(q.sendDelta(frame(i)));
    expect(outcomes.filter((o) => o === 'fell-behind')).toHaveLength(1);
    expect(outcomes.indexOf('fell-behind')).toBeGreaterThan(0);
    expect(outcomes.slice(outcomes.indexOf('fell-behind') + 1).every((o) => o === 'dropped')).toBe(true);
    expect(q.isBehind).toBe(true);
    expect(q.droppedBytes).toBeGreaterThan(0);

    expect(q.tryResume()).toBe(false); // nothing drained yet
    sink.drain(sink.unsentBytes - 300);
    expect(sink.unsentBytes).toBeGreaterThanOrEqual(200);
    expect(q.tryResume()).toBe(false); // drained, but not below the low mark
    sink.drain(sink.unsentBytes);
    expect(q.tryResume()).toBe(true);
    expect(q.isBehind).toBe(false);
    expect(q.tryResume()).toBe(false); // one resync per fall
    expect(q.sendDelta(frame(31))).toBe('sent');
  });

  it('never lets deltas exceed the bound and never reorders them, under a slow drain', () => {
    const sink = new FakeSink();
    const q = new ClientQueue(sink, limits);
    let resyncs = 0;
    for (let seq = 1; seq <= 5_000; seq++) {
      q.sendDelta(frame(seq));
      if (seq % 3 === 0) sink.drain(100); // the consumer reads a third of what is produced
      if (q.tryResume()) resyncs++;
    }
    sink.drain(Number.MAX_SAFE_INTEGER);
    expect(sink.maxUnsent).toBeLessThanOrEqual(limits.maxBytes);
    const seqs = sink.delivered.map((f) => (JSON.parse(f) as { seq: number }).seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
    expect(resyncs).toBeGreaterThan(0);
    expect(seqs.length).toBeLessThan(5_000);
  });

  it('always sends control frames, even when behind', () => {
    const sink = new FakeSink();
    const q = new ClientQueue(sink, limits);
    while (q.sendDelta(frame(1)) !== 'fell-behind');
    q.sendControl('{"type":"snapshot"}');
    expect(sink.unsent.at(-1)).toBe('{"type":"snapshot"}');
  });
});
