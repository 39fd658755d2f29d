/** Claude Code's screen, read when hooks are silent: spinner line = busy, numbered dialog = waiting, `❯` box = idle. */
import type { DetectInput, ScreenState, StateDetector } from '../../src/core/adapter.js';

export class ClaudeDetector implements StateDetector {
  detect({ view }: DetectInput): ScreenState {
    const text = view.lines().join('\n');
    if (/Do you want to (proceed|make this edit|create)|❯ 1\. Yes/.test(text)) return 'waiting';
    if (/esc to interrupt/i.test(text)) return 'busy';
    if (/❯/.test(text)) return 'idle';
    return 'unknown';
  }
}
