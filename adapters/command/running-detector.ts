/** Any program: 'busy' whatever its screen shows. Its status follows the process (statusFollowsProcess), not output. */
import type { ScreenState, StateDetector } from '../../src/core/adapter.js';

export class RunningDetector implements StateDetector {
  detect(): ScreenState {
    return 'busy';
  }
}
