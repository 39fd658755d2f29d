/** The local transport: the same protocol over `<home>/paseo.sock`, newline-delimited, with the WebSocket as fallback. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaseoClient } from '../../src/client/paseo-client.js';
import { PaseoError } from '../../src/core/errors.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { FakeService } from './fake-service.js';
import { TerminalMirror, screenOf, waitUntil } from './harness.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function serve(opts: { token?: string } = {}): Promise<{ server: RunningServer; service: FakeService; socketPath: string; home: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-unix-'));
  const socketPath = path.join(home, 'paseo.sock');
  const service = new FakeService();
  const server = await startServer({ listen: '127.0.0.1:0', version: 'test', home, service, socketPath, ...opts });
  cleanup.push(() => fs.rmSync(home, { recursive: true, force: true }));
  cleanup.push(() => service.dispose());
  cleanup.push(() => server.close());
  return { server, service, socketPath, home };
}

async function client(opts: { url: string; socketPath?: string; token?: string }): Promise<PaseoClient> {
  const c = await PaseoClient.connect({ kind: 'test', ...opts });
  cleanup.push(() => c.dispose());
  return c;
}

/** A URL where nothing listens: a client that works with it can only be on the unix socket. */
async function deadUrl(): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `ws://127.0.0.1:${port}/ws`;
}

/** A raw line-protocol connection for tests that speak the wire format directly. */
async function rawLine(socketPath: string): Promise<{ socket: net.Socket; lines: unknown[]; closed: () => boolean }> {
  const socket = net.connect(socketPath);
  await new Promise<void>((r) => socket.once('connect', r));
  const lines: unknown[] = [];
  let buf = '';
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  cleanup.push(() => void socket.destroy());
  return { socket, lines, closed: () => closed };
}

describe('unix socket transport', () => {
  it('serves requests, input and terminal streams with no WebSocket at all; the file is 0600 and goes with the server', async () => {
    const { service, socketPath, server } = await serve();
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);
    const c = await client({ url: await deadUrl(), socketPath });
    expect(c.welcome).toMatchObject({ protocol: 1, version: 'test' });
    const a = await c.createAgent({ title: 'over unix' });
    expect((await c.listAgents()).map((x) => x.title)).toEqual(['over unix']);

    c.writeInput(a.id, 'ls\r');
    await waitUntil(() => service.inputs.some((i) => i.data === 'ls\r'), 'input over the unix socket');

    const mirror = new TerminalMirror();
    cleanup.push(() => mirror.dispose());
    service.terminal(a.id).emit('before\r\n');
    await c.subscribeTerminal(a.id, mirror);
    // A long burst: many deltas, some split across socket reads.
    for (let i = 0; i < 200; i++) service.terminal(a.id).emit(`\x1b[3${i % 8}mline ${i} ✓ "quoted" \\ \x1b[0m\r\n`);
    await service.terminal(a.id).flush();
    await mirror.settled(service.terminal(a.id).seq);
    expect(screenOf(mirror.term!)).toEqual(screenOf(service.terminal(a.id).term));

    await server.close();
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('checks the token in hello, as on the WebSocket', async () => {
    const { socketPath } = await serve({ token: 'right' });
    const err = await PaseoClient.connect({ url: await deadUrl(), socketPath, kind: 'test', token: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaseoError);
    expect((err as PaseoError).code).toBe('unauthorized');
    const ok = await client({ url: await deadUrl(), socketPath, token: 'right' });
    expect(await ok.health()).toMatchObject({ status: 'ok' });
  });

  it('answers malformed lines with errors and lives on; an oversized line closes the connection', async () => {
    const { socketPath } = await serve();
    const raw = await rawLine(socketPath);
    raw.socket.write(`${JSON.stringify({ type: 'hello', protocol: 1, client: { kind: 'test' } })}\n`);
    await waitUntil(() => raw.lines.some((m) => (m as { type: string }).type === 'welcome'), 'welcome');
    raw.socket.write('not json\n{"type":"nope"}\n');
    raw.socket.write(`${JSON.stringify({ type: 'request', id: 7, method: 'daemon.health', params: {} })}\n`);
    await waitUntil(() => raw.lines.some((m) => (m as { id?: number }).id === 7), 'the health reply after two bad lines');
    expect(raw.lines.filter((m) => (m as { type: string }).type === 'error').length).toBeGreaterThanOrEqual(2);
    expect(raw.closed()).toBe(false);
    raw.socket.write('x'.repeat(1024 * 1024 + 10));
    await waitUntil(() => raw.closed(), 'the oversized line to close the connection');
  });

  it('falls back to the WebSocket when the socket file is stale (a killed daemon left it)', async () => {
    const { server, socketPath } = await serve();
    // Nothing listens on this one.
    const stale = path.join(path.dirname(socketPath), 'stale.sock');
    const dead = net.createServer();
    await new Promise<void>((r) => dead.listen(stale, r));
    await new Promise<void>((r) => dead.close(() => r()));
    fs.writeFileSync(stale, '');
    const c = await client({ url: server.url, socketPath: stale });
    expect(await c.health()).toMatchObject({ status: 'ok' });
  });

  it('a new server replaces a stale socket file instead of failing', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-unix-'));
    cleanup.push(() => fs.rmSync(home, { recursive: true, force: true }));
    const socketPath = path.join(home, 'paseo.sock');
    fs.writeFileSync(socketPath, 'left behind');
    const service = new FakeService();
    cleanup.push(() => service.dispose());
    const server = await startServer({ listen: '127.0.0.1:0', version: 'test', home, service, socketPath });
    cleanup.push(() => server.close());
    const c = await client({ url: await deadUrl(), socketPath });
    expect(await c.health()).toMatchObject({ status: 'ok' });
  });
});
