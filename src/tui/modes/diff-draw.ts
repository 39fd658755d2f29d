/**
 * What the diff view draws, as rows of ANSI text per panel (ansi-panel.ts puts them on screen): a title bar, the file
 * list with status and +/- counts, the selected file's hunks coloured with old and new line numbers, and the keys.
 * File names and contents are agent-written, hostile text: every control sequence is stripped before it is shown.
 */
import type { DiffFile } from '../../core/diff-types.js';
import { sanitizeLine, sanitizeLines } from '../../core/sanitize.js';
import type { Rect } from '../layout/rect.js';
import { documentOf, selectedFile, type DiffModel, type DocLine } from './diff-model.js';

const SGR = (params: string, text: string) => (params ? `\x1b[${params}m${text}\x1b[0m` : text);
const LETTER: Record<DiffFile['status'], [string, string]> = {
  added: ['A', '32'],
  modified: ['M', '33'],
  deleted: ['D', '31'],
  renamed: ['R', '36'],
  binary: ['B', '35'],
  untracked: ['?', '32'],
};
export const DIFF_KEYS_HELP = 'n/p file  ]/[ hunk  j/k PgUp/PgDn scroll  w whitespace  b base  q back';

export interface DiffLayout {
  header: Rect;
  list: Rect;
  separatorX: number;
  /** The selected file's name row, then its lines. */
  title: Rect;
  body: Rect;
  footer: Rect;
}

export function diffLayout(cols: number, rows: number): DiffLayout {
  const listWidth = Math.max(16, Math.min(40, Math.floor(cols * 0.3)));
  const height = Math.max(0, rows - 2);
  const bodyX = listWidth + 1;
  const bodyWidth = Math.max(0, cols - bodyX);
  return {
    header: { x: 0, y: 0, width: cols, height: 1 },
    list: { x: 0, y: 1, width: listWidth, height },
    separatorX: listWidth,
    title: { x: bodyX, y: 1, width: bodyWidth, height: 1 },
    body: { x: bodyX, y: 2, width: bodyWidth, height: Math.max(0, height - 1) },
    footer: { x: 0, y: rows - 1, width: cols, height: 1 },
  };
}

export function headerRow(m: DiffModel, width: number): string {
  const list = m.list;
  const against = m.base ? 'against the base' : 'against HEAD';
  const detail = list ? `${list.against === 'HEAD' ? against : `${against}: ${list.against}`} · ${list.totalFiles} file${list.totalFiles === 1 ? '' : 's'} +${list.added} -${list.removed}` : against;
  const flags = m.ignoreWhitespace ? ' · ignoring whitespace' : '';
  const text = ` Diff · ${sanitizeLine(m.title)} · ${detail}${flags}${m.loading ? ' · loading…' : ''}`;
  return SGR('7', padTo(text, width));
}

export function footerRow(width: number): string {
  return SGR('2', padTo(` ${DIFF_KEYS_HELP}`, width));
}

/** The file list, scrolled to keep the selected file in view. */
export function listRows(m: DiffModel, rect: Rect): string[] {
  const files = m.list?.files ?? [];
  if (!m.list) return [SGR('2', m.error ? ' —' : ' loading…')];
  if (files.length === 0) return [SGR('2', ' no changes')];
  const height = rect.height;
  const more = m.list.totalFiles - files.length;
  const room = more > 0 ? height - 1 : height;
  const first = Math.max(0, Math.min(m.selected - Math.floor(room / 2), files.length - room));
  const rows: string[] = [];
  for (let i = first; i < Math.min(files.length, first + room); i++) rows.push(listRow(files[i] as DiffFile, i === m.selected, rect.width));
  if (more > 0) rows.push(SGR('2', ` … ${more} more files`));
  return rows;
}

function listRow(f: DiffFile, selected: boolean, width: number): string {
  const [letter, colour] = LETTER[f.status];
  const counts = f.binary ? 'bin' : `+${f.added} -${f.removed}`;
  const nameRoom = Math.max(1, width - 4 - counts.length);
  const name = cutLeft(sanitizeLine(f.path), nameRoom).padEnd(nameRoom);
  // The selected file is marked with ▸ as well as drawn inverse: a capture without colours still shows it.
  if (selected) return SGR('1;7', padTo(`▸${letter} ${name} ${counts}`, width));
  const countText = f.binary ? SGR('35', counts) : `${SGR('32', `+${f.added}`)} ${SGR('31', `-${f.removed}`)}`;
  return ` ${SGR(colour, letter)} ${name} ${countText}`;
}

export function titleRow(m: DiffModel): string {
  if (m.error) return SGR('31', sanitizeLine(m.error));
  const file = selectedFile(m);
  if (!file) return m.list ? SGR('2', `no changes ${m.base ? 'against the base' : 'against HEAD'}`) : '';
  const name = sanitizeLine(file.oldPath ? `${file.oldPath} → ${file.path}` : file.path);
  const status = file.untracked && file.status !== 'untracked' ? `${file.status}, untracked` : file.status;
  return `${SGR('1', name)} ${SGR('2', `(${status}) ${m.selected + 1}/${m.list?.totalFiles ?? 0}`)}`;
}

/** The selected file's lines from `top`, numbered: old and new line numbers, then the sign and the text. */
export function bodyRows(m: DiffModel, rect: Rect): string[] {
  const { lines } = documentOf(m);
  const maxLine = lines.reduce((n, l) => Math.max(n, 'oldLine' in l ? (l.oldLine ?? 0) : 0, 'newLine' in l ? (l.newLine ?? 0) : 0), 0);
  const w = Math.max(3, String(maxLine).length);
  return lines.slice(m.top, m.top + rect.height).map((l) => bodyRow(l, w));
}

function bodyRow(l: DocLine, w: number): string {
  switch (l.kind) {
    case 'hunk':
      return SGR('36', l.text);
    case 'more':
      return SGR('33', `… ${l.count} more line${l.count === 1 ? '' : 's'} ${l.loadable ? '(scroll down to load)' : '(too large to show)'}`);
    case 'note':
      return SGR('2', l.text);
    default: {
      const old = l.oldLine === undefined ? ''.padStart(w) : String(l.oldLine).padStart(w);
      const nu = l.newLine === undefined ? ''.padStart(w) : String(l.newLine).padStart(w);
      const text = sanitizeLines(l.text)[0] ?? '';
      const sign = l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ';
      const style = l.kind === 'add' ? '32' : l.kind === 'del' ? '31' : '';
      return `${SGR('2', `${old} ${nu} │`)}${SGR(style, sign + text)}`;
    }
  }
}

function padTo(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Keeps the end of a path (its file name) when it is too long: `…/deep/file.ts`. */
function cutLeft(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `…${chars.slice(chars.length - width + 1).join('')}`;
}
