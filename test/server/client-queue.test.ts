import { describe, expect, it, vi } from 'vitest';
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

describe('ClientQueue batching', () => {
  const policy = { windowMs: 16, echoMs: 250, maxBytes: 4_096 };
  const out = (agentId: string, seq: number) => JSON.stringify({ type: 'output', agentId, seq, data: `d${seq}` });
  /** Records what reached the socket, each frame decoded, batches unwrapped into their messages. */
  function setup() {
    const frames: Array<{ batch: boolean; seqs: string[] }> = [];
    const sink: QueueSink = {
      unsentBytes: 0,
      send(f) {
        const m = JSON.parse(f.toString()) as { type: string; messages?: Array<{ agentId: string; seq: number }>; agentId?: string; seq?: number };
        const list = m.type === 'batch' ? m.messages! : [m as { agentId: string; seq: number }];
        frames.push({ batch: m.type === 'batch', seqs: list.map((x) => (x.agentId ? `${x.agentId}${x.seq}` : m.type)) });
      },
    };
    const q = new ClientQueue(sink, { maxBytes: 1 << 20, resumeBelowBytes: 1 << 10 }, policy, () => Date.now());
    return { q, frames };
  }

  it('sends a lone delta at once, and deltas further apart than the window each at once (typing)', async () => {
    vi.useFakeTimers();
    try {
      const { q, frames } = setup();
      q.sendDelta(out('a', 1), 'a');
      expect(frames).toEqual([{ batch: false, seqs: ['a1'] }]);
      await vi.advanceTimersByTimeAsync(policy.windowMs);
      q.sendDelta(out('a', 2), 'a');
      expect(frames.map((f) => f.seqs)).toEqual([['a1'], ['a2']]);
      expect(vi.getTimerCount()).toBe(0);
      q.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('gathers deltas that follow within the window into one frame, in order, across agents', async () => {
    vi.useFakeTimers();
    try {
      const { q, frames } = setup();
      q.sendDelta(out('a', 1), 'a'); // leading edge
      await vi.advanceTimersByTimeAsync(3);
      q.sendDelta(out('b', 1), 'b');
      await vi.advanceTimersByTimeAsync(3);
      q.sendDelta(out('a', 2), 'a');
      expect(frames).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(policy.windowMs);
      expect(frames).toEqual([
        { batch: false, seqs: ['a1'] },
        { batch: true, seqs: ['b1', 'a2'] },
      ]);
      // Still streaming: the next window starts at that flush.
      q.sendDelta(out('a', 3), 'a');
      q.sendDelta(out('b', 2), 'b');
      expect(frames).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(policy.windowMs);
      expect(frames.slice(2)).toEqual([{ batch: true, seqs: ['a3', 'b2'] }]);
      q.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a batch whose window ended goes with the next delta, without waiting for its timer (a long I/O phase)', () => {
    let t = 1_000;
    const frames: string[][] = [];
    const sink: QueueSink = {
      unsentBytes: 0,
      send(f) {
        const m = JSON.parse(f.toString()) as { type: string; messages?: Array<{ seq: number }>; seq?: number };
        frames.push((m.type === 'batch' ? m.messages! : [m as { seq: number }]).map((x) => `a${x.seq}`));
      },
    };
    // Real timers that never get to run: the whole test is one synchronous turn, as a burst of reads is.
    const q = new ClientQueue(sink, { maxBytes: 1 << 20, resumeBelowBytes: 1 << 10 }, policy, () => t);
    q.sendDelta(out('a', 1), 'a'); // leading edge
    t += 5;
    q.sendDelta(out('a', 2), 'a'); // gathered
    t += policy.windowMs;
    q.sendDelta(out('a', 3), 'a'); // the window ended meanwhile: out now, with a2
    expect(frames).toEqual([['a1'], ['a2', 'a3']]);
    t += 1;
    q.sendDelta(out('a', 4), 'a'); // a new window
    expect(frames).toHaveLength(2);
    q.dispose();
  });

  it('sends the echo of a terminal this client typed into at once, even while other panes stream', async () => {
    vi.useFakeTimers();
    try {
      const { q, frames } = setup();
      q.sendDelta(out('b', 1), 'b');
      await vi.advanceTimersByTimeAsync(2);
      q.sendDelta(out('b', 2), 'b'); // gathered: b is streaming
      q.noteInput('a');
      q.sendDelta(out('a', 1), 'a'); // the echo: goes now, with what b gathered before it
      expect(frames.map((f) => f.seqs)).toEqual([['b1'], ['b2', 'a1']]);
      // Long after the keystroke, a's output is batched like any other.
      await vi.advanceTimersByTimeAsync(policy.echoMs);
      q.sendDelta(out('b', 3), 'b');
      await vi.advanceTimersByTimeAsync(1);
      q.sendDelta(out('a', 2), 'a');
      expect(frames).toHaveLength(3);
      await vi.advanceTimersByTimeAsync(policy.windowMs);
      expect(frames.slice(3).map((f) => f.seqs)).toEqual([['a2']]);
      q.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('flushes the batch before a control frame, so the wire keeps call order', () => {
    const { q, frames } = setup();
    q.sendDelta(out('a', 1), 'a');
    q.sendDelta(out('a', 2), 'a');
    q.sendControl(JSON.stringify({ type: 'snapshot' }));
    expect(frames.map((f) => f.seqs)).toEqual([['a1'], ['a2'], ['snapshot']]);
    q.dispose();
  });

  it('sends a batch at once when it reaches maxBytes', () => {
    const { q, frames } = setup();
    q.sendDelta(out('a', 0), 'a');
    const big = (seq: number) => JSON.stringify({ type: 'output', agentId: 'a', seq, data: 'x'.repeat(1_500) });
    for (let seq = 1; seq <= 3; seq++) q.sendDelta(big(seq), 'a');
    expect(frames.map((f) => f.seqs)).toEqual([['a0'], ['a1', 'a2', 'a3']]);
    q.dispose();
  });

  it('counts gathered bytes toward the bound and drops them when the client falls behind', () => {
    const sent: string[] = [];
    const sink: QueueSink = { unsentBytes: 0, send: (f) => void sent.push(f.toString()) };
    const q = new ClientQueue(sink, { maxBytes: 300, resumeBelowBytes: 100 }, { windowMs: 16, echoMs: 250, maxBytes: 10_000 });
    const f = (seq: number) => JSON.stringify({ type: 'output', agentId: 'a', seq, data: 'y'.repeat(100) });
    expect(q.sendDelta(f(1), 'a')).toBe('sent');
    expect(q.sendDelta(f(2), 'a')).toBe('sent');
    expect(q.sendDelta(f(3), 'a')).toBe('sent');
    expect(q.sendDelta(f(4), 'a')).toBe('fell-behind');
    q.flush();
    // Only the leading edge left; the gathered two went with the fall (the resync snapshot covers them).
    expect(sent).toHaveLength(1);
    expect(q.droppedBytes).toBeGreaterThan(300);
    q.dispose();
  });
});
