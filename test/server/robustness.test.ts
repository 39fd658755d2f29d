import { randomBytes } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { PaseoError } from '../../src/core/errors.js';
import { startServer } from '../../src/server/start-server.js';
import { FakeService } from './fake-service.js';
import { RawClient, startHarness, waitUntil, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface HttpResult {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
}

function http(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A raw upgrade request with full control of Host, Origin and path; resolves with the HTTP status (101 = accepted). */
function upgradeStatus(port: number, opts: { path?: string; host?: string; origin?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      Host: opts.host ?? `127.0.0.1:${port}`,
    };
    if (opts.origin) headers.Origin = opts.origin;
    const req = request({ host: '127.0.0.1', port, path: opts.path ?? '/ws', headers });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('protocol robustness', () => {
  it('answers 1 000 malformed, unknown and ill-shaped messages with errors and keeps serving', async () => {
    h = await startHarness();
    const bystander = await h.connect();
    const raw = await RawClient.hello(h.url);
    const bad: unknown[] = [
      '{not json',
      '[]',
      'null',
      '42',
      { type: 'nope' },
      { type: 'hello', protocol: 1, client: { kind: 'test' } },
      { type: 'request', id: 'x', method: 'agent.list' },
      { type: 'input', agentId: 7 },
      { type: 'request', id: 5, method: 'agent.explode', params: {} },
      { type: 'request', id: 6, method: 'agent.get', params: 'a001' },
      { type: 'request', id: 7, method: 'agent.resize', params: { agentId: 'a', cols: -1, rows: 2 } },
      { type: 'request', id: 8, method: 'toString' },
      { type: 'request', id: 9, method: '__proto__' },
    ];
    const N = 1_000;
    for (let i = 0; i < N; i++) raw.send(bad[i % bad.length]);
    await waitUntil(() => raw.messages.length >= N + 1, `${N} error replies`);
    const replies = raw.messages.slice(1); // after the welcome
    expect(replies).toHaveLength(N);
    for (const m of replies) {
      const error = m.type === 'error' ? m.error : m.type === 'response' ? m.error : undefined;
      // A burst this size also meets the in-flight bound: requests past it are answered `busy`, never run.
      expect(error?.code).toMatch(/^(bad_request|unknown_method|busy)$/);
    }
    expect(raw.closeCode).toBeUndefined();
    expect((await http(h.port, { path: '/api/health' })).status).toBe(200);
    expect((await bystander.health()).status).toBe('ok');
    raw.send({ type: 'request', id: 1_000_000, method: 'daemon.health', params: {} });
    expect(await raw.next((m) => m.type === 'response' && m.id === 1_000_000)).toMatchObject({ result: { status: 'ok' } });
    raw.close();
  });

  it('closes a socket that sends an oversized message, and only that socket', async () => {
    h = await startHarness();
    const bystander = await h.connect();
    const raw = await RawClient.hello(h.url);
    raw.send({ type: 'input', agentId: 'a001', data: 'x'.repeat(1024 * 1024 + 1) });
    await waitUntil(() => raw.closeCode !== undefined, 'the oversized sender to be closed');
    expect(raw.closeCode).toBe(1009);
    expect(h.service.inputs).toEqual([]);
    expect((await bystander.health()).status).toBe('ok');
    expect((await http(h.port, { path: '/api/health' })).status).toBe(200);
  });

  it('closes a socket whose first message is not hello, or that never says hello', async () => {
    h = await startHarness();
    const early = await RawClient.open(h.url);
    early.send({ type: 'request', id: 1, method: 'agent.list', params: {} });
    expect(await early.next((m) => m.type === 'error')).toMatchObject({ error: { code: 'bad_request' } });
    await waitUntil(() => early.closeCode !== undefined, 'close after a request before hello');
    expect(early.closeCode).toBe(1008);

    const silent = await RawClient.open(h.url);
    await waitUntil(() => silent.closeCode !== undefined, 'the hello timeout', 10_000);
    expect(silent.messages[0]).toMatchObject({ type: 'error', error: { code: 'timeout' } });
  });

  it('refuses a wrong token without ever answering a request', async () => {
    h = await startHarness({ token: 'the-token' });
    const raw = await RawClient.open(h.url);
    raw.send({ type: 'hello', protocol: 1, token: 'not-the-token', client: { kind: 'test' } });
    raw.send({ type: 'request', id: 1, method: 'agent.list', params: {} });
    await waitUntil(() => raw.closeCode !== undefined, 'close after a bad token');
    expect(raw.messages).toEqual([{ type: 'error', error: { code: 'unauthorized', message: 'invalid or missing token' } }]);
  });
});

describe('handshake and HTTP guards', () => {
  it('upgrades only /ws with a loopback Host and an absent or own Origin', async () => {
    h = await startHarness({ allowedOrigins: ['https://phone.example'], allowedHosts: ['box.tailnet:1'] });
    const p = h.port;
    expect(await upgradeStatus(p, {})).toBe(101);
    expect(await upgradeStatus(p, { host: `localhost:${p}`, origin: `http://localhost:${p}` })).toBe(101);
    expect(await upgradeStatus(p, { origin: `http://127.0.0.1:${p}` })).toBe(101);
    expect(await upgradeStatus(p, { origin: 'https://phone.example' })).toBe(101);
    expect(await upgradeStatus(p, { host: `[::1]:${p}` })).toBe(101);
    // Foreign origins, including look-alikes.
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${p}.evil.com`, 'https://phone.example.evil.com', `http://127.0.0.1:${p + 1}`]) {
      expect(await upgradeStatus(p, { origin })).toBe(403);
    }
    // DNS rebinding: the attacker's name resolves to 127.0.0.1, so Host and Origin both carry it.
    expect(await upgradeStatus(p, { host: `evil.example:${p}`, origin: `http://evil.example:${p}` })).toBe(403);
    expect(await upgradeStatus(p, { host: `evil.example:${p}` })).toBe(403);
    expect(await upgradeStatus(p, { host: `127.0.0.1:${p + 1}` })).toBe(403);
    expect(await upgradeStatus(p, { host: `2130706433:${p}` })).toBe(403);
    for (const path of ['/', '/WS', '/ws/x', '/api/health']) expect(await upgradeStatus(p, { path })).toBe(404);
  });

  it('serves health and hooks only to loopback Hosts and own Origins', async () => {
    h = await startHarness();
    const p = h.port;
    const agent = await h.service.createAgent({});
    const hookPath = `/hooks/${agent.id}/PreToolUse`;
    const json = { 'content-type': 'application/json' };
    const secret = h.service.hookSecret;

    const health = await http(p, { path: '/api/health' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    expect(health.headers['access-control-allow-origin']).toBeUndefined();

    const ok = await http(p, { method: 'POST', path: hookPath, headers: { ...json, 'x-paseo-hook-secret': secret }, body: '{"tool_name":"Bash"}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ decision: 'allow', event: 'PreToolUse' });
    expect(h.service.hookCalls.at(-1)).toEqual({ agentId: agent.id, secret, event: 'PreToolUse', payload: { tool_name: 'Bash' }, signal: expect.any(AbortSignal) });

    expect((await http(p, { method: 'POST', path: hookPath, headers: json, body: '{}' })).status).toBe(401);
    expect(h.service.hookCalls.at(-1)?.secret).toBeUndefined();
    expect((await http(p, { method: 'POST', path: hookPath, headers: { ...json, 'x-paseo-hook-secret': secret }, body: '{oops' })).status).toBe(400);
    const huge = Buffer.alloc(1024 * 1024 + 10, 'a');
    expect((await http(p, { method: 'POST', path: hookPath, headers: { ...json, 'x-paseo-hook-secret': secret }, body: huge })).status).toBe(413);
    expect((await http(p, { method: 'POST', path: hookPath, headers: { 'content-type': 'text/plain', 'x-paseo-hook-secret': secret }, body: '{}' })).status).toBe(415);
    expect((await http(p, { path: '/nope' })).status).toBe(404);
    expect((await http(p, { path: '/hooks/BAD%20ID/x' })).status).toBe(404);

    const calls = h.service.hookCalls.length;
    const evilHost = { host: `evil.example:${p}` };
    expect((await http(p, { path: '/api/health', headers: evilHost })).status).toBe(403);
    expect((await http(p, { method: 'POST', path: hookPath, headers: { ...json, ...evilHost, 'x-paseo-hook-secret': secret }, body: '{}' })).status).toBe(403);
    const evilOrigin = { origin: 'https://evil.example' };
    expect((await http(p, { method: 'POST', path: hookPath, headers: { ...json, ...evilOrigin, 'x-paseo-hook-secret': secret }, body: '{}' })).status).toBe(403);
    expect(h.service.hookCalls.length).toBe(calls); // refused calls never reached the service
  });
});

describe('startServer', () => {
  it('refuses a non-loopback listen without a token, and starts with one', async () => {
    const service = new FakeService();
    for (const listen of ['0.0.0.0:0', '[::]:0', '192.0.2.1:0', '127.1:0']) {
      const err = await startServer({ service, listen, version: 't', home: '/tmp' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaseoError);
      expect((err as PaseoError).code).toBe('config');
    }
    const server = await startServer({ service, listen: '0.0.0.0:0', token: 'tok', version: 't', home: '/tmp' });
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}/ws`);
    await server.close();
    service.dispose();
  });

  it('close() ends every client and lets go of every service subscription', async () => {
    const service = new FakeService();
    const server = await startServer({ service, listen: '127.0.0.1:0', version: 't', home: '/tmp' });
    const { PaseoClient } = await import('../../src/client/paseo-client.js');
    const client = await PaseoClient.connect({ url: server.url, kind: 'test' });
    const agent = await client.createAgent({});
    await client.subscribeTerminal(agent.id, { onSnapshot() {}, onDelta() {} });
    client.onDidChangeAgent(() => {});
    await client.health();
    expect(service.terminal(agent.id).subscribers.size).toBe(1);
    expect(service.hasEventListeners).toBe(true);
    const disconnected = new Promise<void>((r) => client.onDidDisconnect(() => r()));
    await server.close();
    await disconnected;
    expect(service.terminal(agent.id).subscribers.size).toBe(0);
    expect(service.hasEventListeners).toBe(false);
    expect(await upgradeStatus(server.port, {}).catch((e: NodeJS.ErrnoException) => e.code)).toBe('ECONNREFUSED');
    client.dispose();
    service.dispose();
  });
});
