/** OpenCode's screen, read when the event stream is silent: permission dialog = waiting, "esc interrupt" = busy, prompt box = idle. */
import type { DetectInput, ScreenState, StateDetector } from '../../src/core/adapter.js';

export class OpenCodeDetector implements StateDetector {
  detect({ view }: DetectInput): ScreenState {
    const text = view.lines().join('\n');
    if (/Permission required|Allow once\s+Allow always\s+Reject/.test(text)) return 'waiting';
    if (/esc\s+(again to\s+)?interrupt/i.test(text)) return 'busy';
    if (/Ask anything|ctrl\+p commands/.test(text)) return 'idle';
    return 'unknown';
  }
}
