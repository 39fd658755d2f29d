/**
 * The daemon's CSP allows no inline <style> (style-src 'self'), and xterm.js's DOM renderer writes its theme and cell
 * sizes into <style> elements. Their text is mirrored into constructed stylesheets (CSSOM, which CSP permits), so the
 * terminal draws right without loosening the policy.
 */
const sheets = new Map<HTMLStyleElement, CSSStyleSheet>();

function sync(): void {
  let changed = false;
  for (const el of Array.from(document.querySelectorAll('style'))) {
    let sheet = sheets.get(el);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheets.set(el, sheet);
      changed = true;
    }
    const text = el.textContent ?? '';
    if ((sheet as CSSStyleSheet & { _text?: string })._text !== text) {
      sheet.replaceSync(text);
      (sheet as CSSStyleSheet & { _text?: string })._text = text;
    }
  }
  for (const [el, _sheet] of sheets) {
    if (!el.isConnected) {
      sheets.delete(el);
      changed = true;
    }
  }
  if (changed) document.adoptedStyleSheets = [...sheets.values()];
}

export function installStyleShim(): void {
  new MutationObserver(sync).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  sync();
}
