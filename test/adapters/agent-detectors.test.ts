import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentAdapter, ScreenState } from '../../src/core/adapter.js';
import claude from '../../adapters/claude/index.js';
import codex from '../../adapters/codex/index.js';
import gemini from '../../adapters/gemini/index.js';
import aider from '../../adapters/aider/index.js';
import { viewOf } from './screen-view.js';

// Recorded from the real CLIs with test/fixtures/agents/record.ts (aider: hand-written, see its write-fixtures.ts).
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/agents');
const adapters: Array<[string, AgentAdapter]> = [
  ['claude', claude],
  ['codex', codex],
  ['gemini', gemini],
  ['aider', aider],
];
const expected: Array<[string, ScreenState]> = [
  ['idle', 'idle'],
  ['busy', 'busy'],
  ['waiting', 'waiting'],
];

describe.each(adapters)('%s screen detector', (cli, adapter) => {
  it.each(expected)('reads the recorded %s screen as %s', async (file, state) => {
    const { view, dispose } = await viewOf(fs.readFileSync(path.join(FIXTURES, cli, `${file}.bytes`)));
    try {
      expect(adapter.createStateDetector().detect({ view, quietMs: 1000 })).toBe(state);
    } finally {
      dispose();
    }
  });

  it('shows the ready pattern on the idle screen', async () => {
    const { view, dispose } = await viewOf(fs.readFileSync(path.join(FIXTURES, cli, 'idle.bytes')));
    expect(adapter.readyPattern?.test(view.lines().join('\n'))).toBe(true);
    dispose();
  });
});
