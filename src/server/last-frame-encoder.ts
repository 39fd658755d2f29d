/**
 * Encodes a value into its wire frame once, however many clients send it: the daemon hands the same value to every
 * connection in turn (one fan-out), so remembering the last value and its frame is enough. The delta, event and batch
 * encoders differ only in what counts as the same value and how its frame is built.
 */
export class LastFrameEncoder<T> {
  private last: T | undefined;
  private lastFrame: Buffer | undefined;
  private count = 0;

  constructor(
    /** Whether two values have the same frame (values are never mutated once handed over). */
    private readonly same: (a: T, b: T) => boolean,
    private readonly build: (value: T) => Buffer,
    /** What is remembered of a value (a copy, when the caller may reuse the object it passed). */
    private readonly keep: (value: T) => T = (value) => value,
  ) {}

  /** How many frames were actually built (tests). */
  get encodeCount(): number {
    return this.count;
  }

  encode(value: T): Buffer {
    if (this.lastFrame && this.last !== undefined && this.same(this.last, value)) return this.lastFrame;
    const frame = this.build(value);
    this.count++;
    this.last = this.keep(value);
    this.lastFrame = frame;
    return frame;
  }
}
