/** Waits on a screen's own events (with a bounded deadline) instead of sleeping. */
import type { Screen } from '../../../src/terminal/types.js';
import type { HeadlessScreen } from '../../../src/terminal/headless-screen.js';

export function screenText(screen: Screen): string {
  return screen.view().lines().join('\n');
}

/** Resolves once predicate(screen) holds after everything written so far is parsed. */
export async function waitForScreen(
  screen: Screen,
  headless: HeadlessScreen,
  predicate: (text: string) => boolean,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await headless.drained();
    const text = screenText(screen);
    if (predicate(text)) return text;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`screen never matched; it shows:\n${text}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(left, 200));
      const sub = screen.onDidOutput(done);
      function done(): void {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }
}

/** Polls a condition that has no event (process table, foreground group) until it holds or the deadline passes. */
export async function pollUntil(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
