// A resumed agent's old screen goes into the scrollback under a separator; the new process draws on an empty screen.
import { describe, expect, it } from 'vitest';
import { withResumeSeparator } from '../../src/supervisor/resume-separator.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';

const AT = new Date(2026, 11, 4, 17, 5);

async function resumed(data: string): Promise<HeadlessScreen> {
  const restore = withResumeSeparator({ cols: 40, rows: 5, data }, AT)!;
  return new HeadlessScreen({ cols: 40, rows: 5, scrollback: 100, restore });
}

describe('withResumeSeparator', () => {
  it('pushes the old screen above a separator and leaves an empty screen for the new process', async () => {
    // An inline TUI's last frame: its answer, and its input box at the bottom.
    const screen = await resumed('answer one\r\n╭──────╮\r\n│ ❯    │\r\n╰──────╯\x1b[2;3H');
    // The new process draws its banner from the top, where it starts.
    screen.write('Resumed banner\r\n❯ ');
    const text = (await screen.text()).split('\n').map((l) => l.trimEnd());
    const sep = text.indexOf('── resumed 2026-12-04 17:05 ──');
    expect(sep).toBeGreaterThan(0);
    expect(text.slice(0, sep).filter(Boolean)).toEqual(['answer one', '╭──────╮', '│ ❯    │', '╰──────╯']);
    expect(text.slice(sep + 1).filter(Boolean)).toEqual(['Resumed banner', '❯']);
    expect(screen.view().lines()[0]).toBe('Resumed banner');
    screen.dispose();
  });

  it('leaves a screen in the alternate buffer alone (its program redraws it whole) and no screen as none', () => {
    const alt = { cols: 40, rows: 5, data: 'x\x1b[?1049hfull screen app' };
    expect(withResumeSeparator(alt, AT)).toBe(alt);
    expect(withResumeSeparator(undefined, AT)).toBeUndefined();
  });
});
