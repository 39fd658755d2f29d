import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Snapshot } from '../../src/core/constants.js';
import { AgentStore } from '../../src/supervisor/agent-store.js';
import { parseScreenLog, screenLogLine } from '../../src/supervisor/screen-log.js';

const ID = 'abc123';
let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'paseo-screen-log-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const screen = (n: number, pad = 0) => ({ cols: 80, rows: 24, seq: n, data: `screen ${n} ${'x'.repeat(pad)}` });

describe('screen log (agents/<id>.screen)', () => {
  it('appends one line per save and loads the newest', async () => {
    const store = AgentStore.open(home);
    for (let n = 1; n <= 3; n++) await store.saveScreen(ID, screen(n));
    expect(readFileSync(store.screenFile(ID), 'utf8').split('\n')).toHaveLength(4);
    expect(AgentStore.open(home).loadScreen(ID)?.seq).toBe(3);
  });

  it('a kill mid-append (torn last line) loads the whole line before it; the next daemon starts the log afresh', async () => {
    const store = AgentStore.open(home);
    await store.saveScreen(ID, screen(1));
    await store.saveScreen(ID, screen(2));
    const whole = screenLogLine(screen(3));
    appendFileSync(store.screenFile(ID), whole.slice(0, whole.length / 2));
    const next = AgentStore.open(home);
    expect(next.loadScreen(ID)?.seq).toBe(2);
    // No corrupt copy set aside: the log was not corrupt.
    expect(readdirSync(path.join(home, 'agents')).filter((f) => f.includes('corrupt'))).toEqual([]);
    await next.saveScreen(ID, screen(4));
    expect(readFileSync(next.screenFile(ID), 'utf8')).toBe(screenLogLine(screen(4)));
    expect(AgentStore.open(home).loadScreen(ID)?.seq).toBe(4);
  });

  it('rewrites the log with its newest line once it outgrows SCREEN_LOG_MAX_BYTES', async () => {
    const store = AgentStore.open(home);
    const pad = 2_000;
    const saves = Math.ceil((3 * Snapshot.SCREEN_LOG_MAX_BYTES) / pad);
    let largest = 0;
    for (let n = 1; n <= saves; n++) {
      await store.saveScreen(ID, screen(n, pad));
      largest = Math.max(largest, statSync(store.screenFile(ID)).size);
    }
    expect(largest).toBeLessThanOrEqual(Snapshot.SCREEN_LOG_MAX_BYTES);
    expect(AgentStore.open(home).loadScreen(ID)?.seq).toBe(saves);
  });

  it('reads a screen saved before the log (one JSON object, no newline)', () => {
    const store = AgentStore.open(home);
    writeFileSync(store.screenFile(ID), JSON.stringify(screen(7)));
    expect(store.loadScreen(ID)?.seq).toBe(7);
  });

  it('throws on a log with no whole screen (the store sets it aside and says so)', () => {
    expect(() => parseScreenLog('{"cols": 80, "rows": 24, "data": "torn')).toThrow();
    expect(() => parseScreenLog('{"cols": 0, "rows": 24, "data": ""}\n')).toThrow();
  });
});
