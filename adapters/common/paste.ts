/** Prompt encodings: bracketed paste keeps newlines inside one prompt; Enter goes as a separate write so the TUI sees the paste end first. */

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

export function bracketedPaste(text: string): string[] {
  // A stray paste-end inside the text would end the paste early and type the rest as keys.
  const clean = text.replaceAll(PASTE_END, '').replace(/\r\n?/g, '\n');
  return [PASTE_START + clean + PASTE_END, '\r'];
}

/** For line-based REPLs without paste support: newlines become spaces. */
export function typedLine(text: string): string[] {
  return [text.replace(/\r?\n/g, ' '), '\r'];
}

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
