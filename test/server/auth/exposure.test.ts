// Reaching the daemon: a non-loopback listen refuses to start without TLS or --insecure-plaintext (and says what is
// exposed when allowed); TLS serves https and wss with a certificate made here; pairing links and cookies follow.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExposure } from '../../../src/daemon/exposure.js';
import { startServer } from '../../../src/server/start-server.js';
import { FakeService } from '../fake-service.js';
import { PaseoSandbox } from '../../helpers/paseo-cli.js';
import { WsPeer, httpRequest } from './auth-helpers.js';

let dir: string;
let cert: string;
let key: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-tls-'));
  cert = path.join(dir, 'cert.pem');
  key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('exposure rule', () => {
  it('loopback needs nothing; any other address needs TLS or the explicit plaintext acknowledgement', () => {
    expect(checkExposure({ listen: '127.0.0.1:6767' })).toEqual({ tls: undefined, notice: undefined });
    expect(() => checkExposure({ listen: '0.0.0.0:6767' })).toThrow(/refusing to listen on 0\.0\.0\.0:6767 without TLS/);
    expect(() => checkExposure({ listen: '192.168.1.5:6767' })).toThrow(/--tls-cert/);
    expect(() => checkExposure({ listen: '0.0.0.0:6767', tlsCert: cert })).toThrow(/go together/);
    const plain = checkExposure({ listen: '0.0.0.0:6767', insecurePlaintext: true });
    expect(plain.notice).toMatch(/PLAIN HTTP.*every network this machine is on/);
    const tls = checkExposure({ listen: '0.0.0.0:6767', tlsCert: cert, tlsKey: key });
    expect(tls.tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(tls.notice).toMatch(/https\/wss/);
  });

  it('paseo daemon start --listen 0.0.0.0:<port> refuses in one line and starts nothing', async () => {
    const sandbox = await PaseoSandbox.create();
    try {
      const port = sandbox.listen.split(':')[1]!;
      const r = await sandbox.run(['--listen', `0.0.0.0:${port}`, 'daemon', 'start']);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^paseo: refusing to listen on 0\.0\.0\.0:\d+ without TLS/);
      expect(sandbox.daemonPid()).toBeUndefined();
    } finally {
      await sandbox.dispose();
    }
  });
});

describe('TLS', () => {
  it('serves https and wss; the pairing link is https and the cookie Secure', async () => {
    const fake = new FakeService();
    const token = 't'.repeat(64);
    const home = fs.mkdtempSync(path.join(dir, 'home-'));
    const server = await startServer({ service: fake, listen: '127.0.0.1:0', token, version: 'test', home, tls: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) } });
    try {
      expect(server.url).toMatch(/^wss:\/\//);
      const health = await httpRequest(server.port, { path: '/api/health', tls: true });
      expect(health.status).toBe(200);
      // Plain HTTP to the TLS port gets no answer of ours.
      await expect(httpRequest(server.port, { path: '/api/health' })).rejects.toThrow();

      const local = await WsPeer.hello(server.url, {}, token, { tls: true });
      const pair = (await local.request('devices.pair', { role: 'approver' })).result as { code: string; url: string };
      expect(pair.url).toBe(`https://127.0.0.1:${server.port}/#pair=${pair.code}`);
      const origin = `https://127.0.0.1:${server.port}`;
      const answer = await httpRequest(server.port, {
        method: 'POST',
        path: '/api/pair',
        tls: true,
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ code: pair.code }),
      });
      expect(answer.status).toBe(200);
      const set = answer.headers['set-cookie']![0]!;
      expect(set).toContain('Secure');
      const cookie = set.split(';')[0]!;
      // The http:// origin is not this server's any more.
      await expect(WsPeer.open(server.url, { origin: `http://127.0.0.1:${server.port}`, cookie }, { tls: true })).rejects.toMatchObject({ status: 403 });
      const phone = await WsPeer.hello(server.url, { origin, cookie }, undefined, { tls: true });
      expect(phone.messages[0]).toMatchObject({ type: 'welcome', role: 'approver' });
      phone.close();
      local.close();
    } finally {
      await server.close();
      fake.dispose();
    }
  });
});

describe('behind a proxy (--public-origin)', () => {
  it('accepts the public origin and host, links pairing to it, sets Secure for https, and still refuses others', async () => {
    expect(checkExposure({ listen: '127.0.0.1:6767', publicOrigin: 'https://box.tail1234.ts.net/' }).publicOrigin).toBe('https://box.tail1234.ts.net');
    expect(() => checkExposure({ listen: '127.0.0.1:6767', publicOrigin: 'https://box.example/app' })).toThrow(/no path/);
    const fake = new FakeService();
    const token = 'p'.repeat(64);
    const home = fs.mkdtempSync(path.join(dir, 'proxy-'));
    const publicOrigin = 'https://box.tail1234.ts.net';
    const server = await startServer({ service: fake, listen: '127.0.0.1:0', token, version: 'test', home, publicOrigin });
    try {
      const local = await WsPeer.hello(server.url, {}, token);
      const pair = (await local.request('devices.pair', {})).result as { code: string; url: string };
      expect(pair.url).toBe(`${publicOrigin}/#pair=${pair.code}`);
      const headers = { host: 'box.tail1234.ts.net', origin: publicOrigin, 'content-type': 'application/json' };
      const answer = await httpRequest(server.port, { method: 'POST', path: '/api/pair', headers, body: JSON.stringify({ code: pair.code }) });
      expect(answer.status).toBe(200);
      expect(answer.headers['set-cookie']![0]).toContain('Secure');
      const cookie = answer.headers['set-cookie']![0]!.split(';')[0]!;
      const phone = await WsPeer.hello(server.url, { host: 'box.tail1234.ts.net', origin: publicOrigin, cookie });
      expect(phone.messages[0]).toMatchObject({ type: 'welcome', role: 'viewer' });
      phone.close();
      for (const origin of ['https://box.tail1234.ts.net.evil.example', 'http://box.tail1234.ts.net', 'https://other.tail1234.ts.net']) {
        await expect(WsPeer.open(server.url, { host: 'box.tail1234.ts.net', origin, cookie }), origin).rejects.toMatchObject({ status: 403 });
      }
      local.close();
    } finally {
      await server.close();
      fake.dispose();
    }
  });
});
