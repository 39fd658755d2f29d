/** Any program: busy while its output is recent, idle once it has been quiet for a while. */
import type { DetectInput, ScreenState, StateDetector } from '../../src/core/adapter.js';
import { Status } from '../../src/core/constants.js';

export class QuietDetector implements StateDetector {
  detect(input: DetectInput): ScreenState {
    return input.quietMs < Status.QUIET_IDLE_MS ? 'busy' : 'idle';
  }
}
