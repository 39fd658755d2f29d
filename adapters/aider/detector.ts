/** Aider's screen: a "(Y)es/(N)o … [Yes]:" question = waiting, "Waiting for <model>" spinner = busy, "> " = idle. */
import type { DetectInput, ScreenState, StateDetector } from '../../src/core/adapter.js';

export class AiderDetector implements StateDetector {
  detect({ view, foregroundBusy }: DetectInput): ScreenState {
    const lines = view.lines().filter((l) => l.trim() !== '');
    const last = lines[lines.length - 1] ?? '';
    if (/\(Y\)es\/\(N\)o.*\[(Yes|No)\]: ?$/.test(last)) return 'waiting';
    if (foregroundBusy) return 'busy';
    if (/^(\w+ )?> ?$/.test(last)) return 'idle';
    if (lines.slice(-3).some((l) => /Waiting for |Thinking|Receiving response/.test(l))) return 'busy';
    return 'unknown';
  }
}
