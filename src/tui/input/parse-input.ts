/** The one stdin parser: raw terminal bytes → keys, bracketed pastes and SGR mouse events. Pure; keeps partial sequences across chunks. */
import type { InputToken, MouseAction } from './input-token.js';

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

const CSI_FINAL_NAMES: Record<string, string> = { A: 'Up', B: 'Down', C: 'Right', D: 'Left', H: 'Home', F: 'End', Z: 'BTab', P: 'F1', Q: 'F2', R: 'F3', S: 'F4' };
const TILDE_NAMES: Record<string, string> = {
  '1': 'Home', '2': 'Insert', '3': 'Delete', '4': 'End', '5': 'PageUp', '6': 'PageDown', '7': 'Home', '8': 'End',
  '11': 'F1', '12': 'F2', '13': 'F3', '14': 'F4', '15': 'F5', '17': 'F6', '18': 'F7', '19': 'F8', '20': 'F9', '21': 'F10', '23': 'F11', '24': 'F12',
};

/** tmux-style name of one character typed on its own. */
export function charName(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === '\r') return 'Enter';
  if (ch === '\t') return 'Tab';
  if (ch === '\x1b') return 'Escape';
  if (ch === '\x7f') return 'BSpace';
  if (ch === ' ') return 'Space';
  if (code === 0) return 'C-Space';
  if (code >= 1 && code <= 26) return `C-${String.fromCharCode(code + 96)}`;
  if (code >= 28 && code <= 31) return `C-${String.fromCharCode(code + 64)}`;
  return ch;
}

/** xterm modifier parameter (1 + shift·1 + alt·2 + ctrl·4) as a tmux prefix: "S-", "M-", "C-". */
function modifierPrefix(param: string | undefined): string {
  const n = Number(param ?? '1') - 1;
  if (!Number.isFinite(n) || n <= 0) return '';
  return `${n & 4 ? 'C-' : ''}${n & 2 ? 'M-' : ''}${n & 1 ? 'S-' : ''}`;
}

function decodeMouse(params: string, final: string, data: string): InputToken {
  const [b = 0, x = 1, y = 1] = params.slice(1).split(';').map(Number);
  const button = b & 3;
  let action: MouseAction;
  if (b & 64) action = button === 0 ? 'wheel-up' : 'wheel-down';
  else if (final === 'm') action = 'release';
  else if (b & 32) action = button === 3 ? 'move' : 'drag';
  else action = 'press';
  return { kind: 'mouse', action, button, x: x - 1, y: y - 1, data };
}

function nameCsi(params: string, final: string): string {
  if (final === '~') {
    const [key, mod] = params.split(';');
    const base = TILDE_NAMES[key ?? ''];
    return base ? modifierPrefix(mod) + base : `CSI${params}~`;
  }
  const base = CSI_FINAL_NAMES[final];
  if (!base) return `CSI${params}${final}`;
  const mod = params.includes(';') ? params.split(';')[1] : undefined;
  return modifierPrefix(mod) + base;
}

export class InputParser {
  private pending = '';
  private paste: string | undefined;

  /** Parses one chunk; an incomplete escape sequence or paste at its end waits for the next chunk. */
  feed(chunk: string): InputToken[] {
    const out: InputToken[] = [];
    let s = this.pending + chunk;
    this.pending = '';
    let i = 0;
    while (i < s.length) {
      if (this.paste !== undefined) {
        const end = s.indexOf(PASTE_END, i);
        if (end < 0) {
          // Keep a possible partial end marker back so it is matched once the rest arrives.
          const keep = partialSuffix(s.slice(i), PASTE_END);
          this.paste += s.slice(i, s.length - keep);
          this.pending = s.slice(s.length - keep);
          return out;
        }
        out.push({ kind: 'paste', text: this.paste + s.slice(i, end) });
        this.paste = undefined;
        i = end + PASTE_END.length;
        continue;
      }
      const ch = s[i] as string;
      if (ch !== '\x1b') {
        const cp = s.codePointAt(i) ?? 0;
        const full = String.fromCodePoint(cp);
        out.push({ kind: 'key', name: charName(full), data: full });
        i += full.length;
        continue;
      }
      const consumed = this.parseEscape(s, i, out);
      if (consumed === 0) {
        this.pending = s.slice(i);
        return out;
      }
      i += consumed;
    }
    s = '';
    return out;
  }

  /** True while the start of an escape sequence (not a paste) waits for the rest. */
  get waiting(): boolean {
    return this.paste === undefined && this.pending.length > 0;
  }

  /**
   * Gives up on an incomplete escape sequence when nothing more came (a person typed Escape then `[` or `O`, or
   * Alt+[): ESC + the next character is Alt+character, anything after it plain keys. Without this those keys
   * would sit unsent until the next keystroke.
   */
  flush(): InputToken[] {
    if (!this.waiting) return [];
    const s = this.pending;
    this.pending = '';
    const cp = s.codePointAt(1);
    if (cp === undefined) return [{ kind: 'key', name: 'Escape', data: '\x1b' }];
    const full = String.fromCodePoint(cp);
    return [{ kind: 'key', name: `M-${charName(full)}`, data: '\x1b' + full }, ...this.feed(s.slice(1 + full.length))];
  }

  /** Returns the characters consumed at `i` (an ESC), or 0 when the sequence is incomplete. */
  private parseEscape(s: string, i: number, out: InputToken[]): number {
    const next = s[i + 1];
    if (next === undefined) {
      // A lone ESC at the end of a read is the Escape key: terminals send whole sequences in one write.
      out.push({ kind: 'key', name: 'Escape', data: '\x1b' });
      return 1;
    }
    if (next === '[') {
      let j = i + 2;
      while (j < s.length && /[0-9;<=>?:]/.test(s[j] as string)) j++;
      while (j < s.length && /[ -/]/.test(s[j] as string)) j++;
      if (j >= s.length) return 0;
      const params = s.slice(i + 2, j).replace(/[ -/]+$/, '');
      const final = s[j] as string;
      const data = s.slice(i, j + 1);
      if (data === PASTE_START) {
        this.paste = '';
        return data.length;
      }
      if (params.startsWith('<') && (final === 'M' || final === 'm')) out.push(decodeMouse(params, final, data));
      else out.push({ kind: 'key', name: nameCsi(params, final), data });
      return data.length;
    }
    if (next === 'O') {
      const final = s[i + 2];
      if (final === undefined) return 0;
      const data = s.slice(i, i + 3);
      out.push({ kind: 'key', name: CSI_FINAL_NAMES[final] ?? `SS3${final}`, data });
      return 3;
    }
    // ESC + key = Alt/Meta + key.
    const cp = s.codePointAt(i + 1) ?? 0;
    const full = String.fromCodePoint(cp);
    out.push({ kind: 'key', name: `M-${charName(full)}`, data: '\x1b' + full });
    return 1 + full.length;
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `marker`. */
function partialSuffix(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) {
    if (marker.startsWith(text.slice(text.length - n))) return n;
  }
  return 0;
}
