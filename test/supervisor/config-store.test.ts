import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/supervisor/config-store.js';
import { AgentStore } from '../../src/supervisor/agent-store.js';
import { ConfigError } from '../../src/core/errors.js';
import type { AgentRecord } from '../../src/core/agent.js';

const homes: string[] = [];
function home(): string {
  const h = mkdtempSync(path.join(tmpdir(), 'paseo-cfg-'));
  homes.push(h);
  return h;
}
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

describe('config.json', () => {
  it('gives the documented defaults when absent', () => {
    const cfg = loadConfig(home());
    expect(cfg).toEqual({ scrollbackLines: 10_000, defaultProvider: 'shell', adapters: {}, listen: '127.0.0.1:6767', mcpInject: true, webhooks: [] });
  });

  it('reads user values', () => {
    const h = home();
    writeFileSync(path.join(h, 'config.json'), JSON.stringify({ scrollbackLines: 500, defaultProvider: 'command', adapters: { mine: './a.js' } }));
    expect(loadConfig(h)).toMatchObject({ scrollbackLines: 500, defaultProvider: 'command', adapters: { mine: './a.js' } });
  });

  it('a corrupt file is a ConfigError naming the file, and the file is left alone', () => {
    const h = home();
    const file = path.join(h, 'config.json');
    writeFileSync(file, '{"scrollbackLines": 12,');
    expect(() => loadConfig(h)).toThrow(ConfigError);
    expect(() => loadConfig(h)).toThrow(/config\.json/);
    expect(readFileSync(file, 'utf8')).toBe('{"scrollbackLines": 12,');
  });

  it('a schema violation is a ConfigError', () => {
    const h = home();
    writeFileSync(path.join(h, 'config.json'), JSON.stringify({ scrollbackLines: 'lots' }));
    expect(() => loadConfig(h)).toThrow(ConfigError);
  });
});

describe('agent store', () => {
  const rec = (id: string): AgentRecord => ({
    id, title: id, provider: 'shell', mode: 'default', cwd: '/tmp', status: 'idle', cols: 80, rows: 24,
    createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
  });

  it('creates home 0700, saves records 0600 and loads them back', async () => {
    const h = path.join(home(), 'nested-home');
    const store = AgentStore.open(h);
    expect(statSync(h).mode & 0o777).toBe(0o700);
    await store.saveRecord(rec('aaa111'));
    await store.saveRecord({ ...rec('bbb222'), status: 'running' });
    expect(statSync(store.recordFile('aaa111')).mode & 0o777).toBe(0o600);
    const loaded = AgentStore.open(h).loadAll().sort((a, b) => a.id.localeCompare(b.id));
    expect(loaded.map((r) => [r.id, r.status])).toEqual([['aaa111', 'idle'], ['bbb222', 'running']]);
  });

  it('the newest of overlapping saves wins', async () => {
    const store = AgentStore.open(home());
    const writes = [];
    for (let i = 0; i < 20; i++) writes.push(store.saveRecord({ ...rec('ccc333'), title: `v${i}` }));
    await Promise.all(writes);
    await store.flush();
    expect(JSON.parse(readFileSync(store.recordFile('ccc333'), 'utf8')).title).toBe('v19');
  });

  it('quarantines a corrupt record instead of failing', async () => {
    const h = home();
    const store = AgentStore.open(h);
    await store.saveRecord(rec('ddd444'));
    writeFileSync(store.recordFile('eee555'), '{"id": "eee5');
    expect(store.loadAll().map((r) => r.id)).toEqual(['ddd444']);
    expect(readdirSync(store.agentsDir).some((f) => f.startsWith('eee555.json.corrupt-'))).toBe(true);
  });

  it('round-trips a screen snapshot and a 0600 hook secret', async () => {
    const store = AgentStore.open(home());
    await store.saveScreen('fff666', { cols: 100, rows: 30, seq: 7, data: '\x1b[1mhi\x1b[0m' });
    expect(store.loadScreen('fff666')).toEqual({ cols: 100, rows: 30, seq: 7, data: '\x1b[1mhi\x1b[0m' });
    expect(store.loadScreen('nope00')).toBeUndefined();
    await store.writeHookSecret('fff666', 's3cret');
    expect(store.readHookSecret('fff666')).toBe('s3cret');
    expect(statSync(path.join(store.agentDir('fff666'), 'hook-secret')).mode & 0o777).toBe(0o600);
    expect(statSync(store.agentDir('fff666')).mode & 0o777).toBe(0o700);
  });
});
