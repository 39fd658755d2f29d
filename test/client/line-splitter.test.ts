import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/core/line-splitter.js';

describe('LineSplitter (unix socket framing)', () => {
  it('yields whole lines across chunk boundaries, in order, skipping empty ones', () => {
    const s = new LineSplitter();
    const got: string[] = [];
    const on = (l: Buffer) => void got.push(l.toString());
    expect(s.push(Buffer.from('{"a":1}\n{"b"'), on)).toBe(true);
    expect(s.push(Buffer.from(':2}\n\n'), on)).toBe(true);
    expect(s.push(Buffer.from('{"c":'), on)).toBe(true);
    expect(got).toEqual(['{"a":1}', '{"b":2}']);
    s.push(Buffer.from('3}\n'), on);
    expect(got).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('keeps multi-byte characters split between chunks intact', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('✓ 日本\n');
    const got: string[] = [];
    s.push(bytes.subarray(0, 2), (l) => void got.push(l.toString()));
    s.push(bytes.subarray(2), (l) => void got.push(l.toString()));
    expect(got).toEqual(['✓ 日本']);
  });

  it('reports a line over the bound, complete or still arriving', () => {
    expect(new LineSplitter(4).push(Buffer.from('12345\n'), () => {})).toBe(false);
    const s = new LineSplitter(4);
    expect(s.push(Buffer.from('123'), () => {})).toBe(true);
    expect(s.push(Buffer.from('45'), () => {})).toBe(false);
  });

  it('stops handing out lines once the reader says so', () => {
    const got: string[] = [];
    new LineSplitter().push(Buffer.from('a\nb\nc\n'), (l) => {
      got.push(l.toString());
      return got.length < 2;
    });
    expect(got).toEqual(['a', 'b']);
  });
});
