/** Codex's screen: "Working (… esc to interrupt)" = busy, "Would you like to …" = waiting, `›` composer = idle. */
import type { DetectInput, ScreenState, StateDetector } from '../../src/core/adapter.js';

export class CodexDetector implements StateDetector {
  detect({ view }: DetectInput): ScreenState {
    const text = view.lines().join('\n');
    if (/Would you like to (run|make)|Yes, proceed/.test(text)) return 'waiting';
    if (/esc to interrupt/i.test(text)) return 'busy';
    if (/›/.test(text)) return 'idle';
    return 'unknown';
  }
}
