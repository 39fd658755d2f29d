import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Flow } from '../../src/core/constants.js';
import { OutputCoalescer } from '../../src/terminal/output-coalescer.js';

describe('OutputCoalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gathers chunks for OUTPUT_COALESCE_MS and flushes them as one, in order', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d) });
    c.push('a');
    c.push('b');
    vi.advanceTimersByTime(Flow.OUTPUT_COALESCE_MS - 1);
    expect(out).toEqual([]);
    c.push('c');
    vi.advanceTimersByTime(1);
    expect(out).toEqual(['abc']);
    c.push('d');
    vi.advanceTimersByTime(Flow.OUTPUT_COALESCE_MS);
    expect(out).toEqual(['abc', 'd']);
    c.dispose();
  });

  it('flushes early once the gathered size reaches the cap', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d), maxChars: 10 });
    c.push('12345');
    expect(out).toEqual([]);
    c.push('67890');
    expect(out).toEqual(['1234567890']);
    expect(vi.getTimerCount()).toBe(0);
    c.dispose();
  });

  it('flush() hands over pending data at once (resize, exit) and clears the timer', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d) });
    c.push('pending');
    expect(vi.getTimerCount()).toBe(1);
    c.flush();
    expect(out).toEqual(['pending']);
    expect(vi.getTimerCount()).toBe(0);
    c.flush();
    expect(out).toEqual(['pending']);
  });

  it('dispose flushes what is left, leaves no timer and ignores later pushes', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d) });
    c.push('last');
    c.dispose();
    expect(out).toEqual(['last']);
    expect(vi.getTimerCount()).toBe(0);
    c.push('late');
    vi.advanceTimersByTime(100);
    expect(out).toEqual(['last']);
  });
});
