/**
 * A client cannot exhaust the daemon: what is queued for it is bounded (a client that stops reading is told why and
 * disconnected), its requests in flight are bounded (`busy`), an oversized message gets `too_large` before the close on
 * both transports, a silent unix peer lets go of its descriptor at the hello deadline, and health tells a caller
 * without the token only that the daemon is up.
 */
import fs from 'node:fs';
import net, { type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WaitResult } from '../../src/core/agent.js';
import type { ServerMessage } from '../../src/core/protocol.js';
import { PaseoClient } from '../../src/client/paseo-client.js';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/start-server.js';
import { FakeService } from './fake-service.js';
import { RawClient, waitUntil } from './harness.js';

const MIB = 1024 * 1024;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** The logs of a 10 000-line agent (about 2 MB), and a wait that answers only when the test says so. */
class BoundsService extends FakeService {
  readonly bigLog = Array.from({ length: 10_000 }, (_, i) => `line ${String(i).padStart(5, '0')} ${'x'.repeat(190)}`).join('\n');
  logsCalls = 0;
  private readonly waits: (() => void)[] = [];

  override async readLogs(): Promise<string> {
    this.logsCalls++;
    return this.bigLog;
  }

  override async waitForAgent(agentId: string): Promise<WaitResult> {
    const agent = await this.getAgent(agentId);
    await new Promise<void>((resolve) => this.waits.push(resolve));
    return { outcome: 'idle', agent };
  }

  get waiting(): number {
    return this.waits.length;
  }

  releaseWait(): void {
    this.waits.shift()?.();
  }
}

async function serve(opts: Partial<StartServerOptions> = {}): Promise<{ server: RunningServer; service: BoundsService; socketPath: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bounds-'));
  const socketPath = path.join(home, 'paseo.sock');
  const service = new BoundsService();
  const server = await startServer({ listen: '127.0.0.1:0', version: 'test', home, service, socketPath, ...opts });
  cleanup.push(() => fs.rmSync(home, { recursive: true, force: true }));
  cleanup.push(() => service.dispose());
  cleanup.push(() => server.close());
  return { server, service, socketPath };
}

async function client(opts: { url: string; token?: string }): Promise<PaseoClient> {
  const c = await PaseoClient.connect({ kind: 'test', ...opts });
  cleanup.push(() => c.dispose());
  return c;
}

async function raw(url: string, token?: string): Promise<RawClient> {
  const r = await RawClient.hello(url, token);
  cleanup.push(() => r.close());
  return r;
}

/** A raw line-protocol connection to the unix socket. */
async function rawLine(socketPath: string, opts: { allowHalfOpen?: boolean } = {}) {
  const socket = net.connect({ path: socketPath, allowHalfOpen: opts.allowHalfOpen ?? false });
  await new Promise<void>((r) => socket.once('connect', r));
  const lines: ServerMessage[] = [];
  let buf = '';
  const state = { ended: false, closed: false };
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push(JSON.parse(buf.slice(0, i)) as ServerMessage);
      buf = buf.slice(i + 1);
    }
  });
  socket.on('end', () => (state.ended = true));
  socket.on('close', () => (state.closed = true));
  socket.on('error', () => {});
  cleanup.push(() => void socket.destroy());
  return { socket, lines, state, send: (m: unknown) => socket.write(`${JSON.stringify(m)}\n`) };
}

function errorOf(m: ServerMessage | undefined): { code: string; message: string } | undefined {
  if (!m) return undefined;
  if (m.type === 'error') return m.error;
  if (m.type === 'response') return m.error;
  return undefined;
}

describe('a client that floods requests and never reads', () => {
  it('is disconnected with the reason once its queue passes the bound, memory stays bounded, and another client never notices', async () => {
    // A long grace, so the flooder can still read the reason after it was disconnected.
    const { server, service } = await serve({ limits: { closeGraceMs: 60_000 } });
    const bystander = await client({ url: server.url });
    const agent = await service.createAgent({});
    const flooder = await raw(server.url);
    const flooderSocket = (flooder.ws as unknown as { _socket: Socket })._socket;
    flooderSocket.pause();

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
    cleanup.push(() => clearInterval(sampler));
    const N = 300;
    for (let id = 1; id <= N; id++) flooder.send({ type: 'request', id, method: 'agent.logs', params: { agentId: agent.id } });

    // Meanwhile another client's round trips keep answering.
    let slowestMs = 0;
    let roundTrips = 0;
    let flooding = true;
    const bystanderLoop = (async () => {
      while (flooding) {
        const t = performance.now();
        expect((await bystander.health()).status).toBe('ok');
        slowestMs = Math.max(slowestMs, performance.now() - t);
        roundTrips++;
      }
    })();
    cleanup.push(async () => {
      flooding = false;
      await bystanderLoop.catch(() => {});
    });
    await waitUntil(() => server.clients === 1, 'the flooding client to be disconnected', 30_000);
    flooding = false;
    await bystanderLoop;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    expect(roundTrips).toBeGreaterThan(0);
    // Generous: a loopback round trip takes milliseconds; the unbounded daemon took 5.6 s.
    expect(slowestMs).toBeLessThan(2_000);
    // 300 replies of 2 MB would be 600 MB queued; the bound is 32 MiB plus the replies in flight.
    expect(rssPeak - rssBefore).toBeLessThan(300 * MIB);
    // Requests past the in-flight bound, or sent once the client was over its bound, were never run.
    expect(service.logsCalls).toBeLessThanOrEqual(64);
    expect((await bystander.health()).status).toBe('ok');

    // The flooder reads again: what was queued, then why it was disconnected, then the close.
    flooderSocket.resume();
    await waitUntil(() => flooder.closeCode !== undefined, 'the flooder to see the close', 30_000);
    expect(flooder.closeCode).toBe(1008);
    const last = flooder.messages.at(-1);
    expect(errorOf(last)).toMatchObject({ code: 'too_far_behind', message: expect.stringMatching(/^client stopped reading: \d+ MiB queued$/) });
    // Replies being encoded count as queued: how many went out before the bound depends on when each was ready.
    const delivered = flooder.messages.filter((m) => m.type === 'response' && !m.error).length;
    expect(delivered).toBeLessThan(N);
  });

  it('the same over the unix socket: a local client that stops reading is dropped, a reading one is not', async () => {
    const { server, socketPath, service } = await serve({ limits: { maxQueuedBytes: 4 * MIB, closeGraceMs: 60_000 } });
    const agent = await service.createAgent({});
    const reader = await rawLine(socketPath);
    reader.send({ type: 'hello', protocol: 1, client: { kind: 'test' } });
    const flooder = await rawLine(socketPath);
    flooder.send({ type: 'hello', protocol: 1, client: { kind: 'test' } });
    await waitUntil(() => reader.lines.length > 0 && flooder.lines.length > 0, 'both welcomes');
    flooder.socket.pause();
    // Sequential requests from a client that reads: far more than the bound in total, never over it at once.
    for (let id = 1; id <= 5; id++) {
      reader.send({ type: 'request', id, method: 'agent.logs', params: { agentId: agent.id } });
      await waitUntil(() => reader.lines.some((m) => m.type === 'response' && m.id === id), `reply ${id}`);
    }
    for (let id = 1; id <= 10; id++) flooder.send({ type: 'request', id, method: 'agent.logs', params: { agentId: agent.id } });
    await waitUntil(() => server.clients === 1, 'the unix flooder to be disconnected');
    flooder.socket.resume();
    await waitUntil(() => flooder.state.closed, 'the unix flooder to see the close');
    expect(errorOf(flooder.lines.at(-1))?.code).toBe('too_far_behind');
    expect(reader.state.closed).toBe(false);
    reader.send({ type: 'request', id: 99, method: 'daemon.health', params: {} });
    await waitUntil(() => reader.lines.some((m) => m.type === 'response' && m.id === 99), 'the reader still served');
  });
});

describe('requests in flight', () => {
  it('past the bound a request is answered busy at once and not run; a slot frees as one answers', async () => {
    const { server, service } = await serve({ limits: { maxRequestsInFlight: 2 } });
    const agent = await service.createAgent({});
    const c = await raw(server.url);
    c.send({ type: 'request', id: 1, method: 'agent.wait', params: { agentId: agent.id } });
    c.send({ type: 'request', id: 2, method: 'agent.wait', params: { agentId: agent.id } });
    c.send({ type: 'request', id: 3, method: 'agent.logs', params: { agentId: agent.id } });
    const busy = await c.next((m) => m.type === 'response' && m.id === 3, 'the busy reply');
    expect(errorOf(busy)).toMatchObject({ code: 'busy' });
    expect(service.logsCalls).toBe(0);
    expect(service.waiting).toBe(2);
    service.releaseWait();
    await c.next((m) => m.type === 'response' && m.id === 1, 'the first wait');
    c.send({ type: 'request', id: 4, method: 'daemon.health', params: {} });
    expect(await c.next((m) => m.type === 'response' && m.id === 4)).toMatchObject({ result: { status: 'ok' } });
    expect(c.closeCode).toBeUndefined();
    service.releaseWait();
  });
});

describe('an oversized message', () => {
  const big = { type: 'input', agentId: 'a001', data: 'x'.repeat(MIB + 1) };

  it('gets too_large before the WebSocket closes, only for that socket', async () => {
    const { server, service } = await serve();
    const bystander = await client({ url: server.url });
    const c = await raw(server.url);
    c.send(big);
    await waitUntil(() => c.closeCode !== undefined, 'the close');
    expect(c.closeCode).toBe(1009);
    expect(c.messages.at(-1)).toEqual({ type: 'error', error: { code: 'too_large', message: 'a message over the 1 MiB limit' } });
    expect(service.inputs).toEqual([]);
    expect((await bystander.health()).status).toBe('ok');
  });

  it('gets too_large before the WebSocket closes, even before hello', async () => {
    const { server } = await serve();
    const c = await RawClient.open(server.url);
    cleanup.push(() => c.close());
    c.send('y'.repeat(MIB + 10));
    await waitUntil(() => c.closeCode !== undefined, 'the close');
    expect(c.messages).toEqual([{ type: 'error', error: { code: 'too_large', message: 'a message over the 1 MiB limit' } }]);
  });

  it('gets too_large before the unix socket closes, without the line being buffered whole', async () => {
    const { socketPath, service } = await serve();
    const c = await rawLine(socketPath);
    c.send({ type: 'hello', protocol: 1, client: { kind: 'test' } });
    await waitUntil(() => c.lines.some((m) => m.type === 'welcome'), 'welcome');
    // No newline at all: the line is refused as it grows past the bound.
    c.socket.write('z'.repeat(MIB + 10));
    await waitUntil(() => c.state.closed, 'the close');
    expect(c.lines.at(-1)).toEqual({ type: 'error', error: { code: 'too_large', message: 'a message over the 1 MiB limit' } });
    expect(service.inputs).toEqual([]);
  });
});

describe('the hello deadline on the unix socket', () => {
  it('a peer that never says hello is told so and its descriptor is let go, even if it keeps its half open', async () => {
    const { socketPath } = await serve({ limits: { helloTimeoutMs: 150 } });
    const c = await rawLine(socketPath, { allowHalfOpen: true });
    await waitUntil(() => c.state.ended, 'the server to end the connection', 5_000);
    expect(c.lines).toEqual([{ type: 'error', error: { code: 'timeout', message: 'no hello within the deadline' } }]);
    // Writing to a peer that let go of its descriptor fails (EPIPE) and closes ours; to a half-open one it succeeds.
    c.socket.write('still here\n');
    await waitUntil(() => c.state.closed, 'the server to have let go of the descriptor', 5_000);
  });
});

describe('/api/health', () => {
  async function health(port: number, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { headers });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  it('says only that the daemon is up without the token; the full details with it', async () => {
    const { server } = await serve({ token: 'the-token' });
    expect(await health(server.port)).toEqual({ status: 'ok', version: 'test' });
    expect(await health(server.port, { authorization: 'Bearer not-the-token' })).toEqual({ status: 'ok', version: 'test' });
    expect(await health(server.port, { authorization: 'the-token' })).toEqual({ status: 'ok', version: 'test' });
    const full = await health(server.port, { authorization: 'Bearer the-token' });
    expect(full).toMatchObject({ status: 'ok', version: 'test', pid: process.pid, home: expect.any(String) });
  });
});
