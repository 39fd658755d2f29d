import { describe, expect, it } from 'vitest';
import { sanitizeLine, sanitizeLines, sanitizeText, stripControls } from '../../src/core/sanitize.js';

describe('sanitizeText: agent text shown outside a pane carries no control sequence', () => {
  it('removes CSI, OSC (BEL/ST, unterminated), DCS, 8-bit CSI, C0/C1 controls and bidi overrides; keeps text, newlines, tabs', () => {
    const hostile = [
      'git push\x1b[2J\x1b[H',
      '\x1b]0;retitled\x07\x1b]52;c;Y2xpcGJvYXJk\x1b\\',
      '\x1bP1$qm\x1b\\',
      '\x9b31mred\x1b[0m',
      'bell\x07 bs\x08 del\x7f nul\x00 c1\x85',
      'evil\u202eTXT.exe',
      '\x1b]8;;http://x\x07link\x1b]8;;\x07',
      'tab\there\r\nnext',
      'cut\x1b]0;never ends',
    ].join('|');
    expect(sanitizeText(hostile)).toBe('git push|||red|bell bs del nul c1|evilTXT.exe|link|tab\there\nnext|cut');
  });

  it('sanitizeLine folds to one line; sanitizeLines expands tabs', () => {
    expect(sanitizeLine('  rm -rf /\n\t&& echo\x1b[31m done ')).toBe('rm -rf / && echo done');
    expect(sanitizeLines('a\tb\nc', 2)).toEqual(['a  b', 'c']);
  });

  it('stripControls (paseo logs) keeps lines as the terminal had them: CRLF to LF, a lone CR dropped, sequences gone', () => {
    expect(stripControls('50%\r100%\r\n\x1b[1mdone\x1b[0m\x1b]0;t\x07\n')).toBe('50%100%\ndone\n');
  });
});
