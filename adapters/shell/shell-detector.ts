/** Shell status: busy while a command holds the terminal or output is recent, idle at the prompt. */
import type { DetectInput, ScreenState, StateDetector } from '../../src/core/adapter.js';
import { Status } from '../../src/core/constants.js';

export class ShellDetector implements StateDetector {
  detect(input: DetectInput): ScreenState {
    if (input.foregroundBusy) return 'busy';
    return input.quietMs < Status.QUIET_IDLE_MS ? 'busy' : 'idle';
  }
}
