import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveEndpoint, wsUrlFor } from '../../src/client/resolve-endpoint.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function home(): string {
  const d = mkdtempSync(join(tmpdir(), 'paseo-endpoint-'));
  dirs.push(d);
  return d;
}

describe('resolveEndpoint', () => {
  it('builds the ws URL and the home socket path, and has no token when the file is missing', () => {
    const h = home();
    expect(resolveEndpoint({ home: h, listen: '127.0.0.1:6767' })).toEqual({ url: 'ws://127.0.0.1:6767/ws', socketPath: join(h, 'paseo.sock'), token: undefined });
    expect(resolveEndpoint({ home: home() }).url).toBe('ws://127.0.0.1:6767/ws');
  });

  it('offers no unix socket for another machine\'s address (its daemon is not this home\'s)', () => {
    expect(resolveEndpoint({ home: home(), listen: '10.1.2.3:6767' }).socketPath).toBeUndefined();
  });

  it('reads the token file, trimming the newline', () => {
    const h = home();
    writeFileSync(join(h, 'token'), 'abc123\n', { mode: 0o600 });
    expect(resolveEndpoint({ home: h, listen: 'localhost:7000' })).toEqual({ url: 'ws://localhost:7000/ws', socketPath: join(h, 'paseo.sock'), token: 'abc123' });
  });

  it('reaches wildcard binds over loopback and brackets IPv6', () => {
    expect(wsUrlFor('0.0.0.0:1')).toBe('ws://127.0.0.1:1/ws');
    expect(wsUrlFor('[::]:2')).toBe('ws://[::1]:2/ws');
    expect(wsUrlFor('[::1]:3')).toBe('ws://[::1]:3/ws');
    expect(() => wsUrlFor('nope')).toThrow(/host:port/);
  });

  it('reports an unreadable token file instead of pretending there is none', () => {
    if (process.getuid?.() === 0) return; // root reads anything; the check is meaningless there
    const h = home();
    writeFileSync(join(h, 'token'), 'secret');
    chmodSync(join(h, 'token'), 0o000);
    expect(() => resolveEndpoint({ home: h })).toThrow(/token file/);
  });
});
