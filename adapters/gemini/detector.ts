/** Gemini CLI's screen: "(esc to cancel" spinner = busy, "Allow once" box = waiting, input box = idle. */
import type { DetectInput, ScreenState, StateDetector } from '../../src/core/adapter.js';

export class GeminiDetector implements StateDetector {
  detect({ view }: DetectInput): ScreenState {
    const text = view.lines().join('\n');
    if (/Allow once|Allow execution|Apply this change\?/.test(text)) return 'waiting';
    // A hook running (our BeforeTool gate waiting on a decision) draws the idle input box below it: no opinion,
    // the hook events carry the state.
    if (/Executing Hook/.test(text)) return 'unknown';
    if (/esc to cancel/i.test(text)) return 'busy';
    if (/Type your message/.test(text)) return 'idle';
    return 'unknown';
  }
}
