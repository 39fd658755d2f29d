import { describe, expect, it } from 'vitest';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { writeParsedNow } from '../../src/core/xterm-sync-write.js';
import { createHeadlessTerminal } from '../../src/terminal/xterm.js';

describe('parsing output at once (no xterm timer turn per chunk)', () => {
  it('writeParsedNow parses before it returns (a plain write waits for a timer turn)', async () => {
    const { term } = createHeadlessTerminal({ cols: 20, rows: 3 });
    const line = () => term.buffer.active.getLine(0)?.translateToString(true);
    let parsed = 0;
    expect(writeParsedNow(term, 'a', () => parsed++)).toBe(true);
    expect([parsed, line()]).toEqual([1, 'a']);
    expect(writeParsedNow(term, 'b', () => parsed++)).toBe(true);
    expect([parsed, line()]).toEqual([2, 'ab']);
    term.write('c', () => parsed++);
    expect([parsed, line()]).toEqual([2, 'ab']);
    await new Promise((r) => setTimeout(r, 5));
    expect([parsed, line()]).toEqual([3, 'abc']);
    term.dispose();
  });

  it('a screen shows output and counts it parsed as soon as write() returns', () => {
    const screen = new HeadlessScreen({ cols: 20, rows: 3 });
    let done = false;
    screen.write('hello\r\nworld', () => (done = true));
    expect(done).toBe(true);
    expect(screen.pendingChars).toBe(0);
    expect(screen.view().lines()).toEqual(['hello', 'world', '']);
    screen.dispose();
  });
});
