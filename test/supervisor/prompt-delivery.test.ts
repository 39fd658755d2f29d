import { describe, expect, it } from 'vitest';
import { Prompt, Status } from '../../src/core/constants.js';
import type { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { confirmSubmit, pasteEcho, typeParts, waitForReady } from '../../src/supervisor/prompt-delivery.js';
import { posingTerminal } from './helpers/posing-terminal.js';

/** A program that echoes what it is given (late, as a busy one would), or drops the first `dropWrites` writes. */
function fakeTerminal(echoDelayMs = 0, dropWrites = 0) {
  const written: Array<{ data: string; at: number }> = [];
  const echoed: number[] = [];
  const t = posingTerminal({ cols: 40, rows: 5 }, (d, screen) => {
    written.push({ data: d, at: Date.now() });
    // A program still starting up reads its input and throws it away.
    if (dropWrites-- > 0) return;
    setTimeout(() => {
      echoed.push(Date.now());
      screen.write(d);
    }, echoDelayMs);
  });
  return { ...t, print: (s: string) => t.screen.write(s), written, echoed };
}

describe('waitForReady', () => {
  it('waits for the pattern, then for output to settle', async () => {
    const t = fakeTerminal();
    const started = Date.now();
    let done = false;
    const ready = waitForReady(t.term, /READY>/, 5_000).then((r) => ((done = true), r));
    t.print('loading...\r\n');
    await new Promise((r) => setTimeout(r, Status.DETECT_DEBOUNCE_MS * 2));
    expect(done).toBe(false);
    t.print('READY> ');
    t.print('\x1b[2mhint\x1b[0m');
    expect(await ready).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(Status.DETECT_DEBOUNCE_MS * 3 - 20);
    t.dispose();
  });

  it('types into an animated TUI after the settle cap', async () => {
    const t = fakeTerminal();
    t.print('READY> ');
    const timer = setInterval(() => t.print('.'), 20);
    try {
      const started = Date.now();
      expect(await waitForReady(t.term, /READY>/, 5_000)).toBe(true);
      expect(Date.now() - started).toBeLessThan(Prompt.READY_SETTLE_MAX_MS + 500);
    } finally {
      clearInterval(timer);
      t.dispose();
    }
  });

  it('gives up at the timeout, or at once when the program exits', async () => {
    const t = fakeTerminal();
    expect(await waitForReady(t.term, /never/, 100)).toBe(false);
    const pending = waitForReady(t.term, /never/, 5_000);
    t.exit();
    expect(await pending).toBe(false);
    t.dispose();
  });

  it('with no pattern, the first output settling is ready', async () => {
    const t = fakeTerminal();
    const ready = waitForReady(t.term, undefined, 5_000);
    t.print('$ ');
    expect(await ready).toBe(true);
    t.dispose();
  });
});

describe('typeParts', () => {
  it('writes each part in order and stops when the program is gone', async () => {
    const t = fakeTerminal();
    await typeParts(t.term, ['echo hi', '\r']);
    expect(t.written.map((w) => w.data)).toEqual(['echo hi', '\r']);
    t.exit();
    await typeParts(t.term, ['more', '\r']);
    expect(t.written.map((w) => w.data)).toEqual(['echo hi', '\r']);
    t.dispose();
  });

  it('types a prompt the program dropped once more before Enter, and only once', async () => {
    const t = fakeTerminal(0, 1);
    const paste = '\x1b[200~are you back\x1b[201~';
    const result = await typeParts(t.term, [paste, '\r'], pasteEcho(t.term, 'are you back'), true);
    expect(result).toEqual({ echoSeen: true, retyped: true });
    expect(t.written.map((w) => w.data)).toEqual([paste, paste, '\r']);

    const shown = fakeTerminal(0, 0);
    expect(await typeParts(shown.term, [paste, '\r'], pasteEcho(shown.term, 'are you back'), true)).toEqual({ echoSeen: true, retyped: false });
    expect(shown.written.map((w) => w.data)).toEqual([paste, '\r']);
    t.dispose();
    shown.dispose();
  }, 15_000);

  it('presses Enter only after a slow program has echoed the paste', async () => {
    const t = fakeTerminal(400);
    await typeParts(t.term, ['\x1b[200~what is the answer\x1b[201~', '\r']);
    expect(t.written).toHaveLength(2);
    expect(t.written[1]!.at).toBeGreaterThanOrEqual(t.echoed[0]! + Prompt.PART_QUIET_MS - 5);
    t.dispose();
  });
});

/**
 * A Gemini-like input box: typed keys show in the box, Enter submits (box back to its placeholder) unless it is one of
 * the first `dropEnters`, which the loaded program loses without a trace.
 */
function inputBox(dropEnters: number) {
  const written: string[] = [];
  // Drawn a moment later, as a program answering its input does.
  const draw = (screen: HeadlessScreen, box: string): void => void setTimeout(() => screen.write(`\x1b[H\x1b[2J> ${box}`), 5);
  const t = posingTerminal({ cols: 40, rows: 5 }, (d, screen) => {
    written.push(d);
    if (d !== '\r') return draw(screen, d);
    if (dropEnters-- > 0) return;
    draw(screen, 'Type your message');
  });
  draw(t.screen, 'Type your message');
  return { ...t, written };
}

describe('confirmSubmit', () => {
  const empty = /Type your message/;

  it('presses Enter again when the first one was dropped and the prompt still sits in the box', async () => {
    const box = inputBox(1);
    await typeParts(box.term, ['what is the answer', '\r']);
    expect(await confirmSubmit(box.term, '\r', empty, () => false)).toBe(1);
    expect(box.written).toEqual(['what is the answer', '\r', '\r']);
    expect(box.term.view().lines().join('\n')).toMatch(empty);
    box.dispose();
  });

  it('presses nothing more once the box is empty again, or the turn-start hook came, or the program is gone', async () => {
    const taken = inputBox(0);
    await typeParts(taken.term, ['hello', '\r']);
    expect(await confirmSubmit(taken.term, '\r', empty, () => false)).toBe(0);
    expect(taken.written).toEqual(['hello', '\r']);
    taken.dispose();

    // The hook is proof enough even when the screen has not redrawn yet.
    const hooked = inputBox(5);
    await typeParts(hooked.term, ['hello', '\r']);
    const started = Date.now();
    expect(await confirmSubmit(hooked.term, '\r', empty, () => true)).toBe(0);
    expect(Date.now() - started).toBeLessThan(Prompt.SUBMIT_CONFIRM_MS);
    expect(hooked.written).toEqual(['hello', '\r']);
    hooked.exit();
    expect(await confirmSubmit(hooked.term, '\r', empty, () => false)).toBe(0);
    hooked.dispose();
  });

  it('gives up after SUBMIT_RETRIES extra presses, leaving the prompt typed', async () => {
    const box = inputBox(99);
    await typeParts(box.term, ['stuck', '\r']);
    expect(await confirmSubmit(box.term, '\r', empty, () => false)).toBe(Prompt.SUBMIT_RETRIES);
    expect(box.written.filter((d) => d === '\r')).toHaveLength(1 + Prompt.SUBMIT_RETRIES);
    expect(box.term.view().lines().join('\n')).toContain('stuck');
    box.dispose();
  }, 15_000);
});
