import { describe, expect, it } from 'vitest';
import { FlowGate } from '../../src/terminal/flow-gate.js';

/** A PTY stand-in that records pause/resume, and a parser stand-in that consumes only when told. */
function rig(high: number, low: number) {
  const events: string[] = [];
  const source = { paused: false, pause: () => ((source.paused = true), events.push('pause')), resume: () => ((source.paused = false), events.push('resume')) };
  const received: string[] = [];
  const pending: Array<() => void> = [];
  const sink = {
    write(data: string, done: () => void) {
      received.push(data);
      pending.push(done);
    },
    consume(n: number) {
      for (let i = 0; i < n; i++) pending.shift()?.();
    },
  };
  const gate = new FlowGate(source, sink, { highChars: high, lowChars: low });
  return { gate, source, sink, events, received, pending };
}

describe('FlowGate', () => {
  it('pauses the source above the high watermark and resumes it below the low one', () => {
    const { gate, source, sink, events } = rig(100, 30);
    gate.write('x'.repeat(60));
    gate.write('x'.repeat(40));
    expect(source.paused).toBe(false); // 100 is not above 100
    gate.write('x'.repeat(10));
    expect(source.paused).toBe(true);
    expect(gate.pendingChars).toBe(110);
    sink.consume(1); // 50 pending: still above low
    expect(source.paused).toBe(true);
    sink.consume(1); // 10 pending
    expect(source.paused).toBe(false);
    expect(events).toEqual(['pause', 'resume']);
    expect(gate.pauseCount).toBe(1);
  });

  it('never pauses twice in a row nor resumes when not paused', () => {
    const { gate, sink, events } = rig(10, 5);
    for (let i = 0; i < 5; i++) gate.write('0123456789ab');
    sink.consume(5);
    gate.write('1');
    sink.consume(1);
    expect(events).toEqual(['pause', 'resume']);
  });

  it('never loses or reorders data while pausing and resuming', () => {
    const { gate, sink, received, source, pending } = rig(50, 10);
    const sent: string[] = [];
    let i = 0;
    // A producer that, like a PTY, only delivers while not paused; the parser consumes at its own pace.
    while (i < 2000) {
      if (!source.paused) {
        const chunk = `<${i}:${'y'.repeat(i % 23)}>`;
        sent.push(chunk);
        gate.write(chunk);
        i++;
      } else {
        sink.consume(1);
      }
      if (i % 5 === 0) sink.consume(1);
    }
    sink.consume(pending.length);
    expect(received.join('')).toBe(sent.join(''));
    expect(gate.pendingChars).toBe(0);
    expect(source.paused).toBe(false);
    expect(gate.pauseCount).toBeGreaterThan(10);
  });
});
