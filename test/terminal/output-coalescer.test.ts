import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Flow } from '../../src/core/constants.js';
import { OutputCoalescer } from '../../src/terminal/output-coalescer.js';

describe('OutputCoalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands the first chunk after a quiet period over at once (leading edge), without waiting for the window', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d) });
    c.push('k');
    expect(out).toEqual(['k']);
    // The window it opened ends with nothing gathered: it closes and leaves no timer (no polling while idle).
    vi.advanceTimersByTime(Flow.OUTPUT_COALESCE_MS);
    expect(vi.getTimerCount()).toBe(0);
    c.push('j');
    expect(out).toEqual(['k', 'j']);
    c.dispose();
  });

  it('gathers what follows within OUTPUT_COALESCE_MS and flushes it as one, in order, while output keeps coming', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d) });
    c.push('a');
    c.push('b');
    vi.advanceTimersByTime(Flow.OUTPUT_COALESCE_MS - 1);
    expect(out).toEqual(['a']);
    c.push('c');
    vi.advanceTimersByTime(1);
    expect(out).toEqual(['a', 'bc']);
    // Still busy: the next window is open, so 'd' is gathered rather than passed through.
    c.push('d');
    expect(out).toEqual(['a', 'bc']);
    vi.advanceTimersByTime(Flow.OUTPUT_COALESCE_MS);
    expect(out).toEqual(['a', 'bc', 'd']);
    vi.advanceTimersByTime(Flow.OUTPUT_COALESCE_MS);
    expect(vi.getTimerCount()).toBe(0);
    c.push('e');
    expect(out).toEqual(['a', 'bc', 'd', 'e']);
    c.dispose();
  });

  it('arms no timer for chunks spaced wider than the window (one wake-up per chunk, not two)', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d) });
    for (let i = 0; i < 5; i++) {
      c.push(`p${i}`);
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(2 * Flow.OUTPUT_COALESCE_MS);
    }
    expect(out).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    c.dispose();
  });

  it('flushes early once the gathered size reaches the cap', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d), maxChars: 10 });
    c.push('lead');
    c.push('12345');
    expect(out).toEqual(['lead']);
    c.push('67890');
    expect(out).toEqual(['lead', '1234567890']);
    c.dispose();
  });

  it('flush() hands over pending data at once (resize, exit) and clears the timer', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d) });
    c.push('lead');
    c.push('pending');
    expect(vi.getTimerCount()).toBe(1);
    c.flush();
    expect(out).toEqual(['lead', 'pending']);
    expect(vi.getTimerCount()).toBe(0);
    c.flush();
    expect(out).toEqual(['lead', 'pending']);
  });

  it('dispose flushes what is left, leaves no timer and ignores later pushes', () => {
    const out: string[] = [];
    const c = new OutputCoalescer({ onFlush: (d) => out.push(d) });
    c.push('lead');
    c.push('last');
    c.dispose();
    expect(out).toEqual(['lead', 'last']);
    expect(vi.getTimerCount()).toBe(0);
    c.push('late');
    vi.advanceTimersByTime(100);
    expect(out).toEqual(['lead', 'last']);
  });
});
