import { describe, expect, it } from 'vitest';
import { InputParser } from '../../src/tui/input/parse-input.js';
import { PrefixRouter } from '../../src/tui/input/prefix-router.js';
import { buildKeyTable } from '../../src/tui/input/bindings.js';
import type { InputToken } from '../../src/tui/input/input-token.js';

const names = (tokens: InputToken[]) => tokens.map((t) => (t.kind === 'key' ? t.name : t.kind));

describe('InputParser', () => {
  it('names plain, control, alt and special keys tmux-style and keeps their bytes', () => {
    const p = new InputParser();
    const tokens = p.feed('a\x02\r\t\x7f \x1bx\x1b[A\x1bOB\x1b[5~\x1b[1;5C\x1b[3~\x1b[Z');
    expect(names(tokens)).toEqual(['a', 'C-b', 'Enter', 'Tab', 'BSpace', 'Space', 'M-x', 'Up', 'Down', 'PageUp', 'C-Right', 'Delete', 'BTab']);
    expect(tokens.map((t) => (t.kind === 'key' ? t.data : '')).join('')).toBe('a\x02\r\t\x7f \x1bx\x1b[A\x1bOB\x1b[5~\x1b[1;5C\x1b[3~\x1b[Z');
  });

  it('keeps wide characters and emoji as single keys', () => {
    expect(names(new InputParser().feed('日😀'))).toEqual(['日', '😀']);
  });

  it('treats a lone ESC at the end of a read as the Escape key', () => {
    expect(names(new InputParser().feed('\x1b'))).toEqual(['Escape']);
  });

  it('joins an escape sequence split across reads', () => {
    const p = new InputParser();
    expect(p.feed('x\x1b[1;')).toHaveLength(1);
    expect(names(p.feed('5A'))).toEqual(['C-Up']);
  });

  it('flushes an escape sequence start that nothing completed: Escape then O is Alt+O, a cut CSI is Alt+[ and keys', () => {
    const p = new InputParser();
    expect(p.feed('\x1bO')).toEqual([]);
    expect(p.waiting).toBe(true);
    expect(p.flush()).toEqual([{ kind: 'key', name: 'M-O', data: '\x1bO' }]);
    expect(p.waiting).toBe(false);
    expect(p.feed('\x1b[1;')).toEqual([]);
    expect(names(p.flush())).toEqual(['M-[', '1', ';']);
    expect(p.flush()).toEqual([]);
    // A paste in progress is not an escape sequence: it waits for its end marker however long it takes.
    expect(p.feed('\x1b[200~abc')).toEqual([]);
    expect(p.waiting).toBe(false);
  });

  it('keeps a bracketed paste whole, with escape bytes and a split end marker, markers removed', () => {
    const p = new InputParser();
    expect(p.feed('\x1b[200~line1\r\x1b[Aline2\x1b[20')).toEqual([]);
    const tokens = p.feed('1~z');
    expect(tokens[0]).toEqual({ kind: 'paste', text: 'line1\r\x1b[Aline2' });
    expect(names(tokens.slice(1))).toEqual(['z']);
  });

  it('decodes SGR mouse press, release, drag and wheel with 0-based cells', () => {
    const tokens = new InputParser().feed('\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<32;11;5M\x1b[<64;3;4M\x1b[<65;3;4M');
    expect(tokens.map((t) => (t.kind === 'mouse' ? [t.action, t.button, t.x, t.y] : t.kind))).toEqual([
      ['press', 0, 9, 4],
      ['release', 0, 9, 4],
      ['drag', 0, 10, 4],
      ['wheel-up', 0, 2, 3],
      ['wheel-down', 1, 2, 3],
    ]);
  });
});

describe('PrefixRouter', () => {
  const key = (data: string): InputToken => new InputParser().feed(data)[0] as InputToken;

  it('passes ordinary keys through and runs a command after the prefix', () => {
    const r = new PrefixRouter(buildKeyTable());
    expect(r.route(key('a'))).toEqual({ kind: 'input', token: key('a') });
    expect(r.route(key('\x02'))).toEqual({ kind: 'prefix' });
    expect(r.route(key('z'))).toEqual({ kind: 'command', command: 'zoom' });
    expect(r.route(key('z'))).toEqual({ kind: 'input', token: key('z') });
    r.route(key('\x02'));
    expect(r.route(key('\x1b[D'))).toEqual({ kind: 'command', command: 'focus-left' });
    r.route(key('\x02'));
    expect(r.route(key('d'))).toEqual({ kind: 'command', command: 'detach' });
  });

  it('sends the prefix itself when pressed twice, and ignores an unbound key after it', () => {
    const r = new PrefixRouter(buildKeyTable());
    r.route(key('\x02'));
    expect(r.route(key('\x02'))).toEqual({ kind: 'input', token: key('\x02') });
    r.route(key('\x02'));
    expect(r.route(key('Y'))).toEqual({ kind: 'unbound', key: 'Y' });
    expect(r.route(key('Y'))).toEqual({ kind: 'input', token: key('Y') });
  });

  it('uses a configured prefix and bindings, and reports bad config without failing', () => {
    const table = buildKeyTable({ prefix: 'C-a', bindings: { zoom: 'Z', detach: ['q', 'd'], bogus: 'b', help: 5 } });
    expect(table.problems).toEqual(['unknown command in tui.bindings: bogus', 'tui.bindings.help must be a key or a list of keys']);
    const r = new PrefixRouter(table);
    expect(r.route(key('\x02'))).toEqual({ kind: 'input', token: key('\x02') });
    r.route(key('\x01'));
    expect(r.route(key('Z'))).toEqual({ kind: 'command', command: 'zoom' });
    r.route(key('\x01'));
    expect(r.route(key('z'))).toEqual({ kind: 'unbound', key: 'z' });
    r.route(key('\x01'));
    expect(r.route(key('q'))).toEqual({ kind: 'command', command: 'detach' });
  });

  it('lets a paste through even right after the prefix', () => {
    const r = new PrefixRouter(buildKeyTable());
    r.route(key('\x02'));
    const paste = new InputParser().feed('\x1b[200~hi\x1b[201~')[0] as InputToken;
    expect(r.route(paste)).toEqual({ kind: 'input', token: paste });
    expect(r.prefixArmed).toBe(false);
  });
});
