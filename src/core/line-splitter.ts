/** Splits a byte stream into newline-terminated lines (the unix socket's framing), bounding a line's length. */
const NEWLINE = 0x0a;

export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;

  constructor(private readonly maxLineBytes: number = Number.POSITIVE_INFINITY) {}

  /**
   * Hands each complete, non-empty line of `chunk` (and of what came before it) to onLine, in order; keeps the rest
   * for the next chunk. Returns false once a line is longer than the bound: the stream should be dropped.
   * Stops early when onLine returns false (the reader closed).
   */
  push(chunk: Buffer, onLine: (line: Buffer) => boolean | void): boolean {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, nl);
      const line = this.parts.length === 0 ? piece : Buffer.concat([...this.parts, piece]);
      this.parts = [];
      this.partBytes = 0;
      start = nl + 1;
      if (line.length > this.maxLineBytes) return false;
      if (line.length > 0 && onLine(line) === false) return true;
    }
    if (start < chunk.length) {
      this.parts.push(chunk.subarray(start));
      this.partBytes += chunk.length - start;
      if (this.partBytes > this.maxLineBytes) return false;
    }
    return true;
  }
}
