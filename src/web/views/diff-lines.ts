/** Coloured unified diff lines (added green, removed red), as text nodes. */
import { h, plain } from '../dom.js';

export function diffBlock(lines: Array<{ kind: 'add' | 'del' | 'context' | 'header'; text: string }>): HTMLElement {
  return h(
    'pre',
    { class: 'diff' },
    ...lines.map((l) => h('div', { class: `dl dl-${l.kind}` }, (l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : l.kind === 'header' ? '' : ' ') + plain(l.text))),
  );
}

/** jsdiff hunk lines (' ', '-', '+' prefixed) to diff lines. */
export function fromPatchLines(header: string, lines: string[]): Array<{ kind: 'add' | 'del' | 'context' | 'header'; text: string }> {
  return [
    { kind: 'header', text: header },
    ...lines.map((l) => ({ kind: l.startsWith('+') ? ('add' as const) : l.startsWith('-') ? ('del' as const) : ('context' as const), text: l.slice(1) })),
  ];
}
