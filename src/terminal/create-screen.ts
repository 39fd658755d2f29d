/** A screen without a process: a dead agent's history restored from disk, or a fixture under test. */
import type { Screen } from './types.js';
import { HeadlessScreen, type ScreenOptions } from './headless-screen.js';

export function createScreen(opts: ScreenOptions): Screen {
  return new HeadlessScreen(opts);
}
