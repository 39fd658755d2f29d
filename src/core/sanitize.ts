/**
 * The one sanitizer for agent text shown outside a pane (DESIGN §8, §11): the queue, banners, the CLI, the phone.
 * Agent output is hostile: an escape sequence in a command or file name could move the cursor, retitle the window,
 * write to the clipboard (OSC 52) or hide text, so every control sequence and control character is removed.
 */

// CSI (7-bit and the 8-bit \x9b), OSC / DCS / SOS / PM / APC strings (terminated or not), other ESC sequences,
// C0 controls except \n and \t, DEL and C1 controls.
const SEQUENCE_RE =
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?/g;
const CONTROL_RE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** Bidirectional overrides and isolates reorder what is shown ("Trojan Source"): shown text must read as it runs. */
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Agent text with every control sequence and control character removed; newlines and tabs kept. */
export function sanitizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(SEQUENCE_RE, '').replace(CONTROL_RE, '').replace(BIDI_RE, '');
}

/** Agent output for a plain terminal (`paseo logs`): sequences and controls removed, CRLF to LF, a lone CR dropped. */
export function stripControls(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(SEQUENCE_RE, '').replace(CONTROL_RE, '').replace(BIDI_RE, '');
}

/** One line of agent text for a list or a banner: sanitized, whitespace runs (newlines, tabs) folded to one space. */
export function sanitizeLine(text: string): string {
  return sanitizeText(text).replace(/\s+/g, ' ').trim();
}

/** Each line of agent text, sanitized, tabs expanded (a tab's width depends on where it lands: spaces are exact). */
export function sanitizeLines(text: string, tabWidth = 4): string[] {
  return sanitizeText(text)
    .split('\n')
    .map((l) => l.replace(/\t/g, ' '.repeat(tabWidth)));
}
