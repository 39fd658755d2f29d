// After `paseo daemon restart` the TUI reconnects to a new daemon process: the status line shows the new pid.
import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from '../../src/core/event.js';
import type { HealthInfo } from '../../src/core/protocol.js';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.session.restore();
});

describe('TUI daemon info', () => {
  it('reads the daemon pid again when the connection comes back', async () => {
    const api = new FakeApi();
    api.addAgent({ id: 'a1', title: 'one' });
    let pid = 4242;
    const health = api.health.bind(api);
    api.health = async (): Promise<HealthInfo> => ({ ...(await health()), pid });
    const down = new Emitter<void>();
    const up = new Emitter<void>();
    const h = startHarness({ cols: 100, rows: 24, api, connection: { onDidDisconnect: down.event, onDidReconnect: up.event } });
    open.push(h);
    await h.waitFor((t) => t.includes('pid 4242'), 'first pid');
    down.fire();
    await h.waitFor((t) => t.includes('DISCONNECTED'), 'disconnected');
    pid = 5151; // the restarted daemon
    up.fire();
    await h.waitFor((t) => t.includes('pid 5151'), 'new pid after reconnect');
    expect(h.stdout.text()).not.toContain('pid 4242');
  });
});
