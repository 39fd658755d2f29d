/**
 * agents/<id>.screen: an agent's saved screen as a log of JSON lines, one per save, appended; the last whole line that
 * parses is the screen. A save then costs one append instead of a new file renamed over the old (on this ext4 with
 * `discard`, replacing a file cost 0.2–0.9 ms of kernel time, ~10 % of a core for 100 agents saving once a second).
 * A kill -9 mid-append leaves a torn last line, which loading skips for the whole line before it. The log is rewritten
 * with its newest line (temp file + rename) once it grows past SCREEN_LOG_MAX_BYTES. A file written before the log
 * (one JSON object, no newline) reads as a one-line log.
 */
import type { SavedScreen } from './agent-store.js';

/** One save's line. JSON.stringify escapes every control character, so the line holds no newline of its own. */
export function screenLogLine(screen: SavedScreen): string {
  return `${JSON.stringify(screen)}\n`;
}

/** The newest whole screen in the log; throws when no line is one (the file is corrupt). */
export function parseScreenLog(text: string): SavedScreen {
  let end = text.length;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).trim();
    end = start - 1;
    if (!line) continue;
    try {
      const value = JSON.parse(line) as SavedScreen;
      if (isSavedScreen(value)) return value;
    } catch {
      // A torn line (a kill mid-append): the one before it is whole.
    }
  }
  throw new Error('not a saved screen');
}

function isSavedScreen(value: SavedScreen): boolean {
  return !!value && typeof value === 'object' && typeof value.data === 'string' && value.cols > 0 && value.rows > 0;
}
