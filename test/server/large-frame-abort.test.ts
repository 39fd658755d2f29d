/** A large reply still being encoded stops once its client is gone: no work (or memory) for a reply nobody reads. */
import { describe, expect, it } from 'vitest';
import { encodeLargeFrame } from '../../src/server/large-frame.js';

describe('encodeLargeFrame with a signal', () => {
  it('stops between pieces once the signal aborts, and never starts on an aborted one', async () => {
    const gone = new AbortController();
    let turns = 0;
    const encoding = encodeLargeFrame((t) => ({ type: 'response', id: 1, result: { text: t } }), 'x'.repeat(1_000), {
      chunkChars: 10,
      budgetMs: 0,
      yieldTurn: async () => {
        if (++turns === 3) gone.abort(new Error('client gone'));
      },
      signal: gone.signal,
    });
    await expect(encoding).rejects.toThrow('client gone');
    expect(turns).toBe(3);
    await expect(encodeLargeFrame((t) => ({ t }), 'y'.repeat(100), { signal: gone.signal })).rejects.toThrow('client gone');
  });
});
