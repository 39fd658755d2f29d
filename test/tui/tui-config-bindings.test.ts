// tui.bindings in config.json: entries that cannot work are refused (and reported) before they reach the key table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTuiConfig, isKeyName } from '../../src/tui/tui-config.js';
import { buildKeyTable } from '../../src/tui/input/bindings.js';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

function keysFor(tui: unknown) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-tuiconf-'));
  homes.push(home);
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ tui }));
  const config = readTuiConfig(home);
  const table = buildKeyTable(config);
  return { problems: [...config.problems, ...table.problems], table };
}

describe('tui.bindings checks', () => {
  it('knows key names as the input parser spells them', () => {
    for (const k of ['d', 'D', '?', ',', 'Space', 'PageUp', 'F5', 'C-a', 'M-x', 'C-Up', 'M-C-a', 'é']) expect(isKeyName(k)).toBe(true);
    for (const k of ['dd', 'ctrl-a', 'C-', 'Pgup', '', 'F13']) expect(isKeyName(k)).toBe(false);
  });

  it('a multi-character name that is no key is refused and reported; detach keeps its key', () => {
    const { problems, table } = keysFor({ bindings: { detach: ['dd'] } });
    expect(problems).toEqual([expect.stringContaining('tui.bindings.detach: "dd" is not a key name')]);
    expect(table.keys.get('d')).toBe('detach');
    expect(table.keys.has('dd')).toBe(false);
  });

  it('of a list, the good keys stay and the bad ones are reported', () => {
    const { problems, table } = keysFor({ bindings: { zoom: ['Z', 'zz'] } });
    expect(problems).toHaveLength(1);
    expect(table.byCommand.get('zoom')).toEqual(['Z']);
  });

  it('a binding that leaves detach or quit without a key is refused', () => {
    // redraw comes after detach in the table, so "d" would be taken from detach; quit on the prefix is never reached.
    const { problems, table } = keysFor({ bindings: { redraw: ['d'], quit: ['C-b'], help: ['h', 'Q'], detach: [] } });
    expect(problems).toEqual([
      'tui.bindings.redraw ignored: it would leave detach without a key',
      'tui.bindings.quit ignored: it would leave quit without a key',
      'tui.bindings.detach ignored: it would leave detach without a key',
    ]);
    expect(table.keys.get('d')).toBe('detach');
    // help's "Q" is harmless: quit, later in the table, keeps it.
    expect(table.keys.get('Q')).toBe('quit');
    expect(table.keys.get('h')).toBe('help');
  });

  it('"quit": [] unbinds quit on purpose (detach still leaves the TUI)', () => {
    const { problems, table } = keysFor({ bindings: { quit: [] } });
    expect(problems).toEqual([]);
    expect([...table.keys.values()]).not.toContain('quit');
    expect(table.keys.get('d')).toBe('detach');
  });

  it('detach moved to another key is fine; binding it to the prefix itself is not', () => {
    expect(keysFor({ bindings: { detach: ['y'], redraw: ['d'] } }).problems).toEqual([]);
    // "D" is diff-view's, later in the table: detach would never get it.
    expect(keysFor({ bindings: { detach: ['D'] } }).problems).toEqual(['tui.bindings.detach ignored: it would leave detach without a key']);
    const onPrefix = keysFor({ prefix: 'C-a', bindings: { detach: ['C-a'] } });
    expect(onPrefix.problems).toEqual(['tui.bindings.detach ignored: it would leave detach without a key']);
    expect(onPrefix.table.keys.get('d')).toBe('detach');
  });
});
