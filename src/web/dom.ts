/**
 * Builds DOM nodes. Text always goes in as text nodes (never innerHTML): agent output, titles and commands are hostile
 * text, escaped here by construction.
 */
type Child = Node | string | false | null | undefined;
type Attrs = Record<string, string | boolean | undefined | ((ev: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Child | Child[]>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el: Element, children: Array<Child | Child[]>): void {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else if (typeof c === 'string') el.appendChild(document.createTextNode(c));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Drops control characters (and escape sequences) from agent text shown outside the terminal. */
export function plain(text: string | undefined): string {
  return (text ?? '').replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

/** The nodes among xs (for replaceChildren with optional parts). */
export function nodes(...xs: Array<Node | null | false | undefined>): Node[] {
  return xs.filter((x): x is Node => x instanceof Node);
}
