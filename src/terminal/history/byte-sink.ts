/**
 * A growable UTF-8 byte buffer that rows are encoded into directly (row-ansi.ts's writeRowAnsi), so a row leaving the
 * live buffer costs no JS string: the history store deflates these bytes as they are, and decodes a row only when
 * someone reads it.
 */
export class ByteSink {
  buf: Buffer;
  /** Bytes written: the next one goes here. */
  at = 0;

  constructor(capacity = 4096) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }

  /** An ASCII string (escape sequences, digits). */
  ascii(s: string): void {
    this.ensure(s.length);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** Any string, as UTF-8 (a lone surrogate becomes U+FFFD, as Buffer.from does). */
  text(s: string): void {
    this.ensure(s.length * 3);
    this.at += this.buf.write(s, this.at, 'utf8');
  }

  /** One code point (≤ 0x10FFFF) as UTF-8; a surrogate code point becomes U+FFFD, as a string holding it would. */
  codePoint(cp: number): void {
    this.ensure(4);
    const buf = this.buf;
    let at = this.at;
    if (cp < 0x80) buf[at++] = cp;
    else if (cp < 0x800) {
      buf[at++] = 0xc0 | (cp >> 6);
      buf[at++] = 0x80 | (cp & 63);
    } else if (cp < 0x10000) {
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      buf[at++] = 0xe0 | (cp >> 12);
      buf[at++] = 0x80 | ((cp >> 6) & 63);
      buf[at++] = 0x80 | (cp & 63);
    } else {
      buf[at++] = 0xf0 | (cp >> 18);
      buf[at++] = 0x80 | ((cp >> 12) & 63);
      buf[at++] = 0x80 | ((cp >> 6) & 63);
      buf[at++] = 0x80 | (cp & 63);
    }
    this.at = at;
  }

  /** A non-negative integer in decimal. */
  decimal(n: number): void {
    if (n < 10) {
      this.ensure(1);
      this.buf[this.at++] = 48 + n;
      return;
    }
    this.ascii(String(n));
  }

  /** The bytes [from, to) as a string. */
  decode(from = 0, to = this.at): string {
    return this.buf.toString('utf8', from, to);
  }
}
