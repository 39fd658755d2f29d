/** The CLI's health probe presents the home's token: /api/health keeps pid and home for callers that have it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaseoError } from '../../src/core/errors.js';
import { probeHealth } from '../../src/cli/daemon-control.js';
import { startServer } from '../../src/server/start-server.js';
import { FakeService } from '../server/fake-service.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function homeWithToken(token: string | undefined): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-probe-'));
  if (token !== undefined) fs.writeFileSync(path.join(home, 'token'), `${token}\n`, { mode: 0o600 });
  cleanup.push(() => fs.rmSync(home, { recursive: true, force: true }));
  return home;
}

describe('probeHealth', () => {
  it('gets the details with the home token, says "another daemon" without it, and undefined when nothing answers', async () => {
    const saved = process.env.PASEO_TOKEN;
    delete process.env.PASEO_TOKEN;
    cleanup.push(() => void (saved === undefined ? delete process.env.PASEO_TOKEN : (process.env.PASEO_TOKEN = saved)));
    const service = new FakeService();
    const server = await startServer({ listen: '127.0.0.1:0', version: 'test', home: '/tmp/none', service, token: 'the-token' });
    cleanup.push(() => service.dispose());
    cleanup.push(() => server.close());
    const listen = `127.0.0.1:${server.port}`;

    expect(await probeHealth(listen, homeWithToken('the-token'))).toMatchObject({ status: 'ok', pid: process.pid, home: '/tmp/paseo-test' });
    for (const home of [homeWithToken('another-homes-token'), homeWithToken(undefined)]) {
      const err = await probeHealth(listen, home).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaseoError);
      expect((err as PaseoError).code).toBe('daemon_running');
      expect((err as PaseoError).message).toMatch(/another paseo daemon is listening on 127\.0\.0\.1:\d+/);
    }
    await server.close();
    expect(await probeHealth(listen, homeWithToken('the-token'))).toBeUndefined();
  });
});
