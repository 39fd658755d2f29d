import { describe, expect, it } from 'vitest';
import { OutputCoalescer } from '../../src/terminal/output-coalescer.js';
import { FlowGate } from '../../src/terminal/flow-gate.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';

/** A coalescer in front of a consumer that is busy until the test says it has finished. */
function rig(maxChars?: number) {
  const out: string[] = [];
  let busy = false;
  const c = new OutputCoalescer({
    onFlush: (d) => {
      out.push(d);
      busy = true;
    },
    busy: () => busy,
    ...(maxChars === undefined ? {} : { maxChars }),
  });
  const finish = () => {
    busy = false;
    c.consumerIdle();
  };
  return { out, c, finish };
}

describe('OutputCoalescer', () => {
  it('hands a chunk over at once while the consumer is idle (an echo is never held)', () => {
    const { out, c, finish } = rig();
    c.push('k');
    expect(out).toEqual(['k']);
    finish();
    c.push('j');
    expect(out).toEqual(['k', 'j']);
    c.dispose();
  });

  it('gathers what arrives while the consumer is busy and hands it over as one, in order, when it is done', () => {
    const { out, c, finish } = rig();
    c.push('a');
    c.push('b');
    c.push('c');
    expect(out).toEqual(['a']);
    finish();
    expect(out).toEqual(['a', 'bc']);
    // Busy with 'bc' now: 'd' waits for it.
    c.push('d');
    expect(out).toEqual(['a', 'bc']);
    finish();
    expect(out).toEqual(['a', 'bc', 'd']);
    // Idle with nothing gathered: nothing to hand over, and the next chunk goes straight through.
    finish();
    c.push('e');
    expect(out).toEqual(['a', 'bc', 'd', 'e']);
    c.dispose();
  });

  it('hands over early once the gathered size reaches the cap, even while the consumer is busy', () => {
    const { out, c } = rig(10);
    c.push('lead');
    c.push('12345');
    expect(out).toEqual(['lead']);
    c.push('67890');
    expect(out).toEqual(['lead', '1234567890']);
    c.dispose();
  });

  it('flush() hands over what is gathered at once (resize, exit); dispose flushes the rest and ignores later pushes', () => {
    const { out, c } = rig();
    c.push('lead');
    c.push('pending');
    c.flush();
    expect(out).toEqual(['lead', 'pending']);
    c.flush();
    expect(out).toEqual(['lead', 'pending']);
    c.push('last');
    c.dispose();
    expect(out).toEqual(['lead', 'pending', 'last']);
    c.push('late');
    c.consumerIdle();
    expect(out).toEqual(['lead', 'pending', 'last']);
  });

  it('in front of a real screen: output that comes while a snapshot holds the parser reaches it as one write, all of it, in order', async () => {
    const screen = new HeadlessScreen({ cols: 40, rows: 5, scrollback: 100 });
    const writes: string[] = [];
    // eslint-disable-next-line prefer-const
    let coalescer: OutputCoalescer;
    const gate = new FlowGate(
      { pause: () => {}, resume: () => {} },
      {
        write: (data, done) => {
          writes.push(data);
          screen.write(data, done);
        },
      },
      { onIdle: () => coalescer.consumerIdle() },
    );
    coalescer = new OutputCoalescer({ onFlush: (d) => gate.write(d), busy: () => gate.pendingChars > 0 });
    coalescer.push('line 1\r\n');
    expect(writes).toEqual(['line 1\r\n']);
    expect(gate.pendingChars).toBe(0);
    // A snapshot holds the parser: the first chunk waits in the screen, the rest gather here.
    const snap = screen.snapshot();
    for (let i = 2; i <= 5; i++) coalescer.push(`line ${i}\r\n`);
    expect(writes).toEqual(['line 1\r\n', 'line 2\r\n']);
    expect(coalescer.pendingChars).toBeGreaterThan(0);
    expect((await snap).data).not.toContain('line 2');
    await new Promise((r) => setImmediate(r));
    await screen.drained();
    expect(writes).toEqual(['line 1\r\n', 'line 2\r\n', 'line 3\r\nline 4\r\nline 5\r\n']);
    expect(screen.view().lines().filter(Boolean)).toEqual(['line 2', 'line 3', 'line 4', 'line 5']);
    coalescer.dispose();
    screen.dispose();
  });
});
