/**
 * Builds a `batch` frame (`{"type":"batch","messages":[…]}`) from encoded delta frames once, however many clients send
 * it. Clients following the same agent gather the same shared frames (DeltaEncoder) and flush them in the same turn
 * (the window's leading edge, its size limit or its timer), one after another: remembering the last batch is enough.
 * Profiled with 20 clients on one flooding agent, each client concatenating its own copy was ~6 % of the daemon's time
 * plus the garbage of 20 copies of every byte.
 */
const BATCH_HEAD = Buffer.from('{"type":"batch","messages":[');
const BATCH_SEP = Buffer.from(',');
const BATCH_TAIL = Buffer.from(']}');

export class BatchEncoder {
  private lastFrames: readonly Buffer[] = [];
  private lastBatch: Buffer | undefined;
  private count = 0;

  /** How many batches were actually built (tests). */
  get encodeCount(): number {
    return this.count;
  }

  /** The batch of `frames` (at least two), in order. The frames must not be changed after they were handed here. */
  encode(frames: readonly Buffer[]): Buffer {
    if (this.lastBatch && sameFrames(frames, this.lastFrames)) return this.lastBatch;
    let size = BATCH_HEAD.length + BATCH_TAIL.length + frames.length - 1;
    for (const f of frames) size += f.length;
    const batch = Buffer.allocUnsafe(size);
    let at = BATCH_HEAD.copy(batch, 0);
    frames.forEach((f, i) => {
      if (i > 0) at += BATCH_SEP.copy(batch, at);
      at += f.copy(batch, at);
    });
    BATCH_TAIL.copy(batch, at);
    this.count++;
    // A copy of the list: the caller's array is its own to reuse.
    this.lastFrames = frames.slice();
    this.lastBatch = batch;
    return batch;
  }
}

/** The same frames, by identity: frames are shared and never mutated, so this compares pointers. */
function sameFrames(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The daemon's one batch encoder, shared by every connection. */
export const sharedBatchEncoder = new BatchEncoder();
