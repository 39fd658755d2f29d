// A daemon told to listen on port 0 (any free port) reports the port it got: the status line and `daemon status`
// show where it is reachable, not "127.0.0.1:0".
import { afterEach, expect, it } from 'vitest';
import { TestDaemon } from '../helpers/test-daemon.js';

let daemon: TestDaemon | undefined;
afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
});

it('health reports the bound port when the daemon was started on port 0', async () => {
  daemon = await TestDaemon.open({ prefix: 'paseo-health-listen-', token: 't'.repeat(32) });
  const client = await daemon.connect();
  const health = await client.health();
  expect(health.listen).toBe(`127.0.0.1:${daemon.port}`);
  expect(daemon.port).not.toBe('0');
});
