/**
 * A resumed agent's restored history and its new process's screen, kept apart: the old screen goes up into the
 * scrollback under a one-line separator, and the new process starts on an empty screen with the cursor at home.
 * Without it an inline TUI (Claude) drew its resumed banner over the old input box, and `paseo logs` showed both.
 */
import type { SavedScreen } from './agent-store.js';

/** The saved screen with the separator appended; a screen left in the alternate buffer is redrawn whole anyway. */
export function withResumeSeparator(saved: SavedScreen | undefined, now: Date = new Date()): SavedScreen | undefined {
  if (!saved) return undefined;
  if (saved.data.lastIndexOf('\x1b[?1049h') > saved.data.lastIndexOf('\x1b[?1049l')) return saved;
  const pad = (n: number) => String(n).padStart(2, '0');
  const when = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
  const line = `── resumed ${when} ──`;
  // Reset attributes, go to the last row, and scroll: every row of the old screen ends up above the separator,
  // which the next `rows` newlines push up after it. Then home, on an empty screen.
  const tail = `\x1b[0m\x1b[${saved.rows};1H\r\n\x1b[2m${line}\x1b[0m${'\r\n'.repeat(saved.rows)}\x1b[H`;
  return { ...saved, data: saved.data + tail };
}
