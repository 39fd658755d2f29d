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

  it('shows no address for a daemon started on port 0 (its health reports the configured listen, not the bound port)', async () => {
    const api = new FakeApi();
    api.addAgent({ id: 'a1', title: 'one' });
    const health = api.health.bind(api);
    api.health = async (): Promise<HealthInfo> => ({ ...(await health()), listen: '127.0.0.1:0', pid: 777 });
    const h = startHarness({ cols: 100, rows: 24, api, connection: { onDidDisconnect: new Emitter<void>().event, onDidReconnect: new Emitter<void>().event } });
    open.push(h);
    await h.waitFor((t) => t.includes('pid 777'), 'the daemon pid');
    expect(h.stdout.text()).toContain('daemon pid 777');
    expect(h.stdout.text()).not.toContain(':0');
  });

  it('shows the address of a daemon on a real port', async () => {
    const api = new FakeApi();
    api.addAgent({ id: 'a1', title: 'one' });
    const h = startHarness({ cols: 100, rows: 24, api, connection: { onDidDisconnect: new Emitter<void>().event, onDidReconnect: new Emitter<void>().event } });
    open.push(h);
    await h.waitFor((t) => t.includes('daemon 127.0.0.1:6767 pid 4242'), 'address and pid');
  });
});
