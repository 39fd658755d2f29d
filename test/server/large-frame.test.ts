import { describe, expect, it } from 'vitest';
import type { SnapshotMessage } from '../../src/core/protocol.js';
import { OrderedOutbox } from '../../src/server/ordered-outbox.js';
import { encodeLargeFrame, isLargeString } from '../../src/server/large-frame.js';

function message(data: string): SnapshotMessage {
  return { type: 'snapshot', agentId: 'a1', cols: 80, rows: 24, seq: 7, data };
}

describe('encodeLargeFrame', () => {
  it('parses back to the same message, escapes and non-ASCII included, for every chunk size', async () => {
    // Quotes, backslashes, control bytes, CJK, and emoji (surrogate pairs) at every possible chunk boundary.
    const data = '\x1b[31m"q"\\ \r\n\t\x00 ✓ 漢字 😀😀 end\x1b[0m'.repeat(5);
    for (const chunkChars of [2, 3, 5, 7, 64, 1_000]) {
      const m = message(data);
      const frame = await encodeLargeFrame((d) => ({ ...m, data: d }), m.data, { chunkChars, budgetMs: 0, yieldTurn: async () => {} });
      expect(JSON.parse(frame.toString('utf8')), `chunk ${chunkChars}`).toEqual(message(data));
    }
  });

  it('yields between pieces once the time budget is spent', async () => {
    let yields = 0;
    let clock = 0;
    const data = 'x'.repeat(100);
    const m = message(data);
    const frame = await encodeLargeFrame((d) => ({ ...m, data: d }), m.data, {
      chunkChars: 10,
      budgetMs: 1,
      now: () => (clock += 1),
      yieldTurn: async () => {
        yields++;
      },
    });
    expect(JSON.parse(frame.toString()).data).toBe(data);
    // Ten pieces; the clock says each one used the whole budget: a yield after every piece but the last.
    expect(yields).toBe(9);
  });

  it('only large strings take the piecewise path', () => {
    expect(isLargeString('x'.repeat(10), 64)).toBe(false);
    expect(isLargeString('x'.repeat(65), 64)).toBe(true);
    expect(isLargeString(undefined, 64)).toBe(false);
  });

  it('encodes a large string nested in a response', async () => {
    const text = 'log ✓ "line"\n'.repeat(50);
    const frame = await encodeLargeFrame((t) => ({ type: 'response', id: 'r1', result: { text: t } }), text, { chunkChars: 16, budgetMs: 0, yieldTurn: async () => {} });
    expect(JSON.parse(frame.toString('utf8'))).toEqual({ type: 'response', id: 'r1', result: { text } });
  });
});

describe('OrderedOutbox', () => {
  it('runs at once when nothing waits, and holds later sends behind a pending one, in order', async () => {
    const out = new OrderedOutbox();
    const got: string[] = [];
    out.run(() => got.push('a'));
    expect(got).toEqual(['a']);
    let release!: (v: string) => void;
    out.runAfter(new Promise<string>((r) => (release = r)), (v) => got.push(v));
    out.run(() => got.push('c'));
    out.runAfter(Promise.resolve('d'), (v) => got.push(v));
    out.run(() => got.push('e'));
    await new Promise((r) => setImmediate(r));
    // 'd' is ready but must not overtake the pending snapshot.
    expect(got).toEqual(['a']);
    const idle = out.idle();
    release('b');
    await idle;
    expect(got).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(out.size).toBe(0);
  });

  it('a failed pending send is skipped and the rest still run', async () => {
    const out = new OrderedOutbox();
    const got: string[] = [];
    out.runAfter(Promise.reject(new Error('boom')), () => got.push('never'));
    out.run(() => got.push('after'));
    await out.idle();
    expect(got).toEqual(['after']);
  });
});
