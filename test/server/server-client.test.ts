import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/core/protocol.js';
import { PaseoClient } from '../../src/client/paseo-client.js';
import { once } from '../../src/core/event.js';
import { PaseoError } from '../../src/core/errors.js';
import { startServer } from '../../src/server/start-server.js';
import { FakeService } from './fake-service.js';
import { RawClient, TerminalMirror, screenOf, startHarness, waitUntil, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function rejection(p: Promise<unknown>): Promise<PaseoError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PaseoError);
  return err as PaseoError;
}

describe('server + client: every method round-trips', () => {
  it('agent lifecycle, logs, health, providers, input and resize', async () => {
    h = await startHarness();
    const client = await h.connect();
    expect(client.welcome).toMatchObject({ protocol: 1, version: 'test', pid: process.pid });

    const a = await client.createAgent({ provider: 'shell', title: 'one', cols: 100, rows: 30, command: ['bash'], env: { A: '1' } });
    expect(a).toMatchObject({ id: 'a001', title: 'one', cols: 100, rows: 30, command: ['bash'] });
    const b = await client.createAgent({});
    expect((await client.listAgents()).map((x) => x.id)).toEqual([a.id, b.id]);
    expect(await client.listAgents({ statuses: ['exited'] })).toEqual([]);
    expect((await client.getAgent('a001')).title).toBe('one');

    expect(await client.sendText(a.id, 'hello', { queue: true })).toEqual({ delivered: false, queued: true });
    client.writeInput(a.id, 'ls\r');
    await waitUntil(() => h!.service.inputs.some((i) => i.data === 'ls\r'), 'input to reach the service');
    expect(h.service.inputs).toEqual([
      { agentId: a.id, data: 'hello' },
      { agentId: a.id, data: 'ls\r' },
    ]);

    await client.resize(a.id, 120, 40);
    expect(h.service.terminal(a.id).term.cols).toBe(120);

    h.service.terminal(a.id).emit('first line\r\nsecond line\r\n');
    await h.service.terminal(a.id).flush();
    expect(await client.readLogs(a.id, { tail: 1 })).toBe('second line');

    expect(await client.waitForAgent(a.id, { timeoutMs: 0 })).toMatchObject({ outcome: 'timeout', agent: { id: a.id } });
    expect(await client.stopAgent(a.id)).toMatchObject({ status: 'exited' });
    expect((await client.archiveAgent(a.id)).archivedAt).toBeTruthy();
    expect(await client.health()).toMatchObject({ status: 'ok', agents: { total: 2 } });
    expect((await client.listProviders())[0]?.name).toBe('shell');
  });

  it('approvals: list, decide (first decision wins), and typed errors', async () => {
    h = await startHarness();
    const client = await h.connect();
    const now = new Date().toISOString();
    h.service.approvals.push(
      { id: 'r1', agentId: 'a001', tool: 'Bash', command: 'git push', createdAt: now, deadlineAt: now },
      { id: 'r2', agentId: 'a001', tool: 'Edit', file: 'x.ts', oldText: 'a', newText: 'b', createdAt: now, deadlineAt: now },
    );
    expect((await client.listApprovals()).map((a) => a.id)).toEqual(['r1', 'r2']);
    await client.decideApproval('r1', { behavior: 'deny', message: 'not on main' });
    await client.decideApproval('r2', { behavior: 'allow' });
    expect(h.service.decisions).toEqual([
      { requestId: 'r1', decision: { behavior: 'deny', message: 'not on main' } },
      { requestId: 'r2', decision: { behavior: 'allow' } },
    ]);
    expect((await rejection(client.decideApproval('r1', { behavior: 'allow' }))).code).toBe('not_found');
    expect((await rejection(client.request('permit.decide', { requestId: 'r9', behavior: 'maybe' } as never))).code).toBe('bad_request');
    expect(await client.listApprovals()).toEqual([]);
  });

  it('daemon.shutdown stops the service, answers, then tells the host', async () => {
    const service = new FakeService();
    let shutdownRequested = 0;
    const server = await startServer({ service, listen: '127.0.0.1:0', version: 't', home: '/tmp', onShutdownRequested: () => shutdownRequested++ });
    const client = await PaseoClient.connect({ url: server.url, kind: 'cli' });
    await client.shutdownDaemon();
    expect(service.shutdownCalls).toBe(1);
    await waitUntil(() => shutdownRequested === 1, 'shutdown hook');
    client.dispose();
    await server.close();
  });
});

describe('server + client: typed errors', () => {
  it('carry the service error code, and internal errors keep their message', async () => {
    h = await startHarness();
    const client = await h.connect();
    await client.createAgent({});
    await client.createAgent({});
    expect((await rejection(client.getAgent('zzz'))).code).toBe('not_found');
    expect((await rejection(client.getAgent('a'))).code).toBe('ambiguous');
    await client.stopAgent('a001');
    expect((await rejection(client.sendText('a001', 'x'))).code).toBe('invalid_state');
    const internal = await rejection(client.createAgent({ provider: 'explode' }));
    expect(internal.code).toBe('internal');
    expect(internal.message).toBe('adapter crashed');
  });

  it('reject bad params, unknown methods and bad input without closing the connection', async () => {
    h = await startHarness();
    const client = await h.connect();
    expect((await rejection(client.resize('a001', 0, 24))).code).toBe('bad_request');
    expect((await rejection(client.resize('a001', 80, 1e6))).code).toBe('bad_request');
    expect((await rejection(client.request('agent.get', { agentId: 5 } as never))).code).toBe('bad_request');
    expect((await rejection(client.request('agent.list', { statuses: ['sleeping'] } as never))).code).toBe('bad_request');
    expect((await rejection(client.request('agent.create', { mode: 'yolo' } as never))).code).toBe('bad_request');
    expect((await rejection(client.request('no.such.method' as never, {} as never))).code).toBe('unknown_method');
    const errors: string[] = [];
    client.onDidReceiveError((e) => errors.push(e.code));
    client.writeInput('nobody', 'x');
    await waitUntil(() => errors.length > 0, 'input error');
    expect(errors).toEqual(['not_found']);
    expect((await client.health()).status).toBe('ok');
  });
});

describe('server + client: events and terminals', () => {
  it('pushes agent events to a subscribed client only after it listens', async () => {
    h = await startHarness();
    const watcher = await h.connect();
    const actor = await h.connect();
    const seen: AgentEvent[] = [];
    watcher.onDidChangeAgent((e) => seen.push(e));
    const added = once(watcher.onDidChangeAgent, (e) => e.kind === 'added');
    await watcher.health(); // events.subscribe was sent before this request, so it is in place
    const a = await actor.createAgent({ title: 'evented' });
    expect(await added).toMatchObject({ kind: 'added', agent: { id: a.id, title: 'evented' } });
    await actor.stopAgent(a.id);
    await waitUntil(() => seen.some((e) => e.kind === 'changed'), 'changed event');
    expect(seen.find((e) => e.kind === 'changed')).toMatchObject({ agent: { status: 'exited' } });
  });

  it('two clients subscribed to one terminal converge on the same cells as the source', async () => {
    h = await startHarness();
    const c1 = await h.connect();
    const c2 = await h.connect();
    const a = await c1.createAgent({ cols: 60, rows: 12 });
    const source = h.service.terminal(a.id);
    source.emit('\x1b[1;31mred bold\x1b[0m before anyone watched\r\n');

    const m1 = new TerminalMirror();
    const sub1 = await c1.subscribeTerminal(a.id, m1);
    for (let i = 0; i < 40; i++) source.emit(`line ${i} \x1b[3${i % 8}m${'#'.repeat(i % 20)}\x1b[0m\r\n`);
    const m2 = new TerminalMirror();
    await c2.subscribeTerminal(a.id, m2); // joins mid-stream: snapshot, then deltas
    source.emit('\x1b[2J\x1b[H\x1b[44mcleared\x1b[0m\x1b[5;10Hcursor here');
    await c1.resize(a.id, 70, 14);
    source.emit('\r\nafter resize ✓ 漢字');

    await source.flush();
    await m1.settled(source.seq);
    await m2.settled(source.seq);
    const truth = screenOf(source.term);
    expect(screenOf(m1.term!)).toEqual(truth);
    expect(screenOf(m2.term!)).toEqual(truth);
    expect(m1.snapshots).toBe(1);
    expect(m2.snapshots).toBe(1);

    // After unsubscribing, nothing more arrives for that client.
    sub1.dispose();
    await c1.health();
    const before = m1.deltas;
    source.emit('more');
    await m2.settled(source.seq);
    await c1.health();
    expect(m1.deltas).toBe(before);
    m1.dispose();
    m2.dispose();
  });

  it('subscribing to an unknown agent rejects with not_found', async () => {
    h = await startHarness();
    const client = await h.connect();
    expect((await rejection(client.subscribeTerminal('nope', new TerminalMirror()))).code).toBe('not_found');
  });
});

describe('client connect errors', () => {
  it('daemon_not_running when nothing listens, unauthorized on a bad token, protocol_version on mismatch', async () => {
    const service = new FakeService();
    const server = await startServer({ service, listen: '127.0.0.1:0', version: 't', home: '/tmp', token: 'right-token' });
    const url = server.url;
    expect((await rejection(PaseoClient.connect({ url, kind: 'test', token: 'wrong' }))).code).toBe('unauthorized');
    expect((await rejection(PaseoClient.connect({ url, kind: 'test' }))).code).toBe('unauthorized');
    const ok = await PaseoClient.connect({ url, kind: 'test', token: 'right-token' });
    expect((await ok.health()).status).toBe('ok');
    ok.dispose();

    const raw = await RawClient.open(url);
    raw.send({ type: 'hello', protocol: 99, token: 'right-token', client: { kind: 'test' } });
    expect(await raw.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'protocol_version' } });
    await waitUntil(() => raw.closeCode !== undefined, 'close after a version mismatch');

    await server.close();
    service.dispose();
    expect((await rejection(PaseoClient.connect({ url, kind: 'test', token: 'right-token' }))).code).toBe('daemon_not_running');
  });
});

describe('client reconnect', () => {
  it('reconnects after a daemon restart, re-subscribes events and terminals, and gets a fresh snapshot', async () => {
    const service = new FakeService();
    let server = await startServer({ service, listen: '127.0.0.1:0', version: 't', home: '/tmp' });
    const port = server.port;
    const client = await PaseoClient.connect({ url: server.url, kind: 'tui', reconnect: true });
    const a = await client.createAgent({ cols: 40, rows: 8 });
    const mirror = new TerminalMirror();
    await client.subscribeTerminal(a.id, mirror);
    const events: AgentEvent[] = [];
    client.onDidChangeAgent((e) => events.push(e));
    await client.health();

    const disconnected = once(client.onDidDisconnect);
    await server.close();
    await disconnected;
    expect((await rejection(client.health())).code).toBe('daemon_not_running');
    service.terminal(a.id).emit('written while nobody was connected');

    const reconnected = once(client.onDidReconnect);
    server = await startServer({ service, listen: `127.0.0.1:${port}`, version: 't', home: '/tmp' });
    await reconnected;
    await waitUntil(() => mirror.snapshots === 2, 'a fresh snapshot after reconnect');
    await mirror.settled(service.terminal(a.id).seq);
    expect(screenOf(mirror.term!)).toEqual(screenOf(service.terminal(a.id).term));

    await client.health(); // the events re-subscription went first
    await client.stopAgent(a.id);
    await waitUntil(() => events.some((e) => e.kind === 'changed'), 'events after reconnect');
    mirror.dispose();
    client.dispose();
    await server.close();
    service.dispose();
  });
});
