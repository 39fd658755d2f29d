/** Recorded byte streams fed into a headless screen; the visible frame is compared with a golden file under snapshots/terminal/. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { renderFrame } from '../../src/terminal/render-frame.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/terminal/${name}`, import.meta.url)), 'utf8');
const golden = (name: string): string => `../../snapshots/terminal/${name}.frame.txt`;

const screens: HeadlessScreen[] = [];
afterEach(() => {
  for (const s of screens.splice(0)) s.dispose();
});

/** Feeds the stream in small chunks so escape sequences and UTF-16 pairs are split across writes, as a PTY splits them. */
async function play(name: string, chunk = 7): Promise<HeadlessScreen> {
  const screen = new HeadlessScreen({ cols: 80, rows: 24 });
  screens.push(screen);
  const data = fixture(name);
  for (let i = 0; i < data.length; i += chunk) screen.write(data.slice(i, i + chunk));
  await screen.drained();
  return screen;
}

describe.each([
  ['build-log', 'build-log.bin'],
  ['tui-alt-screen', 'tui-alt-screen.bin'],
])('fixture %s', (name, file) => {
  it('renders the expected frame', async () => {
    const screen = await play(file);
    await expect(renderFrame(screen.terminal)).toMatchFileSnapshot(golden(name));
  });

  it('renders the same frame whatever the chunking', async () => {
    const small = await play(file, 1);
    const whole = await play(file, 1 << 20);
    expect(renderFrame(small.terminal)).toBe(renderFrame(whole.terminal));
  });

  it('renders the same frame after snapshot → restore', async () => {
    const screen = await play(file);
    const snap = await screen.snapshot();
    const restored = new HeadlessScreen({ cols: snap.cols, rows: snap.rows, restore: snap });
    screens.push(restored);
    await restored.drained();
    expect(renderFrame(restored.terminal)).toBe(renderFrame(screen.terminal));
  });
});

describe('screen state from fixtures', () => {
  it('the TUI fixture leaves the alternate buffer active with its title and cursor', async () => {
    const view = (await play('tui-alt-screen.bin')).view();
    expect(view.bufferType).toBe('alternate');
    expect(view.title).toBe('agent: refactor');
    expect([view.cursorX, view.cursorY]).toEqual([12, 19]);
    expect(view.lines()[4]).toContain('Allow git push?');
  });

  it('text() joins soft-wrapped rows, trims trailing blank lines and honours tail', async () => {
    const screen = await play('build-log.bin');
    const text = await screen.text();
    expect(text).toContain('a very long line that is longer than eighty columns so that it soft-wraps onto the next row of the screen');
    expect(text).not.toContain('\x1b');
    expect(text.split('\n').at(-1)).toBe('$');
    expect(await screen.text({ tail: 2 })).toBe(
      'a very long line that is longer than eighty columns so that it soft-wraps onto the next row of the screen\n$',
    );
    const ansi = await screen.text({ ansi: true });
    expect(ansi).toContain('\x1b[');
    expect(ansi).toContain('PASS');
  });

  it('text() of a TUI shows the active (alternate) screen', async () => {
    const text = await (await play('tui-alt-screen.bin')).text();
    expect(text).toContain('Agent working on src/terminal');
    expect(text).not.toContain('shell history before the TUI');
  });
});
