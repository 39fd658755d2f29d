// Pairing and the browser-facing checks: a code works once and only until its deadline; the cookie is HttpOnly,
// SameSite=Strict; devices.json holds no credential; a foreign Origin, a rebinding Host and `Origin: null` are refused
// on HTTP and on the WebSocket upgrade; failures back the address off; revocation cuts a live connection at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Auth } from '../../../src/core/constants.js';
import { startServer, type RunningServer } from '../../../src/server/start-server.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/server/security-headers.js';
import { FakeService } from '../fake-service.js';
import { WsPeer, deviceCookie, httpRequest, postPair } from './auth-helpers.js';

const TOKEN = 'local-token-'.padEnd(64, 'y');
let home: string;
let server: RunningServer;
let fake: FakeService;
const peers: WsPeer[] = [];

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-pair-'));
  fake = new FakeService();
  server = await startServer({ service: fake, listen: '127.0.0.1:0', token: TOKEN, version: 'test', home });
});

afterEach(async () => {
  for (const p of peers.splice(0)) p.close();
  await server.close();
  fake.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

const own = () => `http://127.0.0.1:${server.port}`;

async function admin(): Promise<WsPeer> {
  const p = await WsPeer.hello(server.url, {}, TOKEN);
  peers.push(p);
  return p;
}

async function pairCode(params: Record<string, unknown> = {}): Promise<{ code: string; url: string; expiresAt: string }> {
  const reply = await (await admin()).request('devices.pair', { role: 'operator', label: 'my phone', ...params });
  return reply.result as { code: string; url: string; expiresAt: string };
}

describe('pairing', () => {
  it('the link carries a 128-bit code in its fragment; trading it sets an HttpOnly SameSite=Strict cookie; the code is single use', async () => {
    const { code, url } = await pairCode();
    expect(url).toBe(`${own()}/#pair=${code}`);
    expect(Buffer.from(code, 'base64url').length).toBeGreaterThanOrEqual(16);
    const first = await postPair(server.port, code);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ role: 'operator', label: 'my phone' });
    const set = first.headers['set-cookie']![0]!;
    expect(set).toMatch(/^paseo_device=[A-Za-z0-9_-]{43}; /);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/');
    expect(set).not.toContain('Secure'); // plain loopback: a Secure cookie would never come back
    expect(first.headers['cache-control']).toBe('no-store');

    const again = await postPair(server.port, code);
    expect(again.status).toBe(403);
    expect(JSON.parse(again.body).error).toMatch(/unknown or already used/);
    expect(server.auth.list()).toHaveLength(1);

    // The session endpoint knows the cookie; the stored file holds its digest only, mode 0600.
    const cookie = deviceCookie(first);
    const session = await httpRequest(server.port, { path: '/api/session', headers: { cookie } });
    expect(session.status).toBe(200);
    expect(JSON.parse(session.body)).toMatchObject({ role: 'operator', label: 'my phone' });
    expect((await httpRequest(server.port, { path: '/api/session' })).status).toBe(401);
    const file = path.join(home, 'devices.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(cookie.split('=')[1]);
    expect(text).not.toContain(code);
  });

  it('an expired code is refused, and so is an unknown one', async () => {
    const { code, expiresAt } = await pairCode({ ttlMs: 1 });
    const deadline = Date.parse(expiresAt);
    while (Date.now() <= deadline + 1) await new Promise((r) => setTimeout(r, 2));
    const late = await postPair(server.port, code);
    expect(late.status).toBe(403);
    expect(JSON.parse(late.body).error).toMatch(/expired/);
    expect((await postPair(server.port, 'x'.repeat(22))).status).toBe(403);
    expect(server.auth.list()).toHaveLength(0);
  });

  it('pairing needs the daemon\'s own Origin: none, a foreign one and "null" are refused, and the code survives them', async () => {
    const { code } = await pairCode();
    for (const origin of [undefined, 'https://evil.example', 'null', `http://127.0.0.1:${server.port}.evil.example`, `https://127.0.0.1:${server.port}`]) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(origin ? { origin } : {}) };
      const r = await httpRequest(server.port, { method: 'POST', path: '/api/pair', headers, body: JSON.stringify({ code }) });
      expect(r.status, `Origin ${origin}`).toBe(403);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    // A form post (no preflight) cannot pair either.
    const form = await httpRequest(server.port, { method: 'POST', path: '/api/pair', headers: { origin: own(), 'content-type': 'text/plain' }, body: JSON.stringify({ code }) });
    expect(form.status).toBe(415);
    expect((await postPair(server.port, code)).status).toBe(200);
  });

  it('a rebinding Host is refused on HTTP and on the WebSocket', async () => {
    const { code } = await pairCode();
    const host = `attacker.example:${server.port}`;
    const r = await postPair(server.port, code, { host, origin: `http://${host}` });
    expect(r.status).toBe(403);
    expect((await httpRequest(server.port, { path: '/api/session', headers: { host } })).status).toBe(403);
    await expect(WsPeer.open(server.url, { host, origin: `http://${host}` })).rejects.toMatchObject({ status: 403 });
  });

  it('a foreign Origin and Origin: null are refused on the WebSocket, with or without a valid cookie', async () => {
    const cookie = deviceCookie(await postPair(server.port, (await pairCode()).code));
    for (const origin of ['https://evil.example', 'null', `http://localhost.evil.example:${server.port}`]) {
      await expect(WsPeer.open(server.url, { origin, cookie }), origin).rejects.toMatchObject({ status: 403 });
      const r = await httpRequest(server.port, { path: '/api/session', headers: { origin, cookie } });
      expect(r.status, origin).toBe(403);
    }
    const ok = await WsPeer.hello(server.url, { origin: own(), cookie });
    peers.push(ok);
    expect(ok.messages[0]).toMatchObject({ type: 'welcome', role: 'operator' });
  });

  it('a WebSocket with neither token nor cookie, or a forged cookie, is refused', async () => {
    const bare = await WsPeer.open(server.url, { origin: own() });
    peers.push(bare);
    bare.send({ type: 'hello', protocol: 1, client: { kind: 'web' } });
    const refused = await bare.next((m) => m.type === 'error', 'refusal');
    expect(refused).toMatchObject({ error: { code: 'unauthorized' } });
    await expect(WsPeer.open(server.url, { origin: own(), cookie: `paseo_device=${'A'.repeat(43)}` })).rejects.toMatchObject({ status: 401 });
  });

  it('failed pairings back the address off: a right code and a right cookie then wait too, the local token does not', async () => {
    const cookie = deviceCookie(await postPair(server.port, (await pairCode()).code));
    const { code } = await pairCode();
    for (let i = 0; i < Auth.BACKOFF_FREE_FAILURES; i++) expect((await postPair(server.port, `wrong-${i}`)).status).toBe(403);
    expect((await postPair(server.port, 'wrong-again')).status).toBe(403); // this failure starts the wait
    const blocked = await postPair(server.port, code);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await expect(WsPeer.open(server.url, { origin: own(), cookie })).rejects.toMatchObject({ status: 429 });
    const local = await admin();
    expect(local.messages[0]).toMatchObject({ type: 'welcome', role: 'admin' });
  });

  it('every answer carries the CSP, nosniff, no-referrer and no CORS header', async () => {
    for (const p of ['/api/health', '/api/session', '/nothing-here']) {
      const r = await httpRequest(server.port, { path: p, headers: { origin: own() } });
      expect(r.headers['content-security-policy'], p).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('revocation', () => {
  it('a revoked device\'s live connection closes within a second, it cannot reconnect, and devices ls forgets it', async () => {
    const { code } = await pairCode({ role: 'viewer', label: 'lost phone' });
    const cookie = deviceCookie(await postPair(server.port, code));
    const phone = await WsPeer.hello(server.url, { origin: own(), cookie });
    const second = await WsPeer.hello(server.url, { origin: own(), cookie });
    peers.push(phone, second);
    const a = await admin();
    const list = (await a.request('devices.list', {})).result as Array<{ id: string; connections: number; label: string }>;
    expect(list).toEqual([expect.objectContaining({ label: 'lost phone', connections: 2 })]);
    expect(((await a.request('daemon.health', {})).result as { devices: number }).devices).toBe(2);

    const start = Date.now();
    expect((await a.request('devices.revoke', { deviceId: list[0]!.id })).error).toBeUndefined();
    await phone.next(() => phone.closed !== undefined, 'close');
    await second.next(() => second.closed !== undefined, 'close');
    expect(phone.closed!.at - start).toBeLessThan(1000);
    expect(phone.closed!.code).toBe(1008);
    await expect(WsPeer.open(server.url, { origin: own(), cookie })).rejects.toMatchObject({ status: 401 });
    expect((await httpRequest(server.port, { path: '/api/session', headers: { cookie } })).status).toBe(401);
    expect((await a.request('devices.list', {})).result).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(home, 'devices.json'), 'utf8')).devices).toEqual([]);
  });

  it('a device survives a server restart (devices.json) and a revoke after it still holds', async () => {
    const cookie = deviceCookie(await postPair(server.port, (await pairCode()).code));
    await server.close();
    server = await startServer({ service: fake, listen: '127.0.0.1:0', token: TOKEN, version: 'test', home });
    const back = await WsPeer.hello(server.url, { origin: own(), cookie });
    peers.push(back);
    expect(back.messages[0]).toMatchObject({ type: 'welcome', role: 'operator' });
  });
});

describe('backoff counts guesses only', () => {
  it('hellos that present nothing (an unpaired page retrying) do not hold back its pairing; wrong tokens do', async () => {
    for (let i = 0; i < Auth.BACKOFF_FREE_FAILURES + 3; i++) {
      const bare = await WsPeer.open(server.url, { origin: own() });
      bare.send({ type: 'hello', protocol: 1, client: { kind: 'web' } });
      await bare.next((m) => m.type === 'error', 'refusal');
      bare.close();
    }
    const { code } = await pairCode();
    const paired = await postPair(server.port, code);
    expect(paired.status).toBe(200);
    for (let i = 0; i < Auth.BACKOFF_FREE_FAILURES + 1; i++) {
      const wrong = await WsPeer.open(server.url, {});
      wrong.send({ type: 'hello', protocol: 1, client: { kind: 'test' }, token: `wrong-${i}` });
      await wrong.next((m) => m.type === 'error', 'refusal');
      wrong.close();
    }
    expect((await postPair(server.port, (await pairCode()).code)).status).toBe(429);
  });
});
