import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseListen } from '../../src/core/listen-address.js';
import { RequestGuard } from '../../src/server/request-guard.js';

describe('parseListen / isLoopbackHost', () => {
  it('parses host:port including bracketed IPv6', () => {
    expect(parseListen('127.0.0.1:6767')).toEqual({ host: '127.0.0.1', port: 6767 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen('localhost:80')).toEqual({ host: 'localhost', port: 80 });
    expect(() => parseListen('6767')).toThrow(/host:port/);
    expect(() => parseListen('a:99999')).toThrow();
  });

  it('counts only canonical loopback forms as loopback', () => {
    for (const h of ['127.0.0.1', '127.5.6.7', 'localhost', '::1']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.2', '127.1', '2130706433', '0x7f.0.0.1', '0177.0.0.1', 'localhost.evil.com']) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });
});

describe('RequestGuard', () => {
  const guard = new RequestGuard({ host: '127.0.0.1', port: 7000, allowedHosts: ['box.tailnet:7000'], allowedOrigins: ['https://phone.example'] });

  it('accepts loopback Host names with the right port and no Origin', () => {
    for (const host of ['127.0.0.1:7000', 'localhost:7000', '[::1]:7000', 'LOCALHOST:7000', 'box.tailnet:7000']) {
      expect(guard.check({ host })).toEqual({ ok: true });
    }
  });

  it('refuses rebinding hosts, wrong ports and a missing Host', () => {
    for (const host of ['evil.example:7000', '127.0.0.1:7001', '127.0.0.1', 'localhost', '2130706433:7000', '127.1:7000']) {
      expect(guard.check({ host })).toMatchObject({ ok: false, status: 403 });
    }
    expect(guard.check({})).toMatchObject({ ok: false, status: 400 });
  });

  it('accepts only exact origins', () => {
    const host = '127.0.0.1:7000';
    for (const origin of ['http://127.0.0.1:7000', 'http://localhost:7000', 'https://phone.example']) {
      expect(guard.check({ host, origin })).toEqual({ ok: true });
    }
    for (const origin of [
      'https://evil.example',
      'null',
      'http://127.0.0.1:7000.evil.com',
      'https://phone.example.evil.com',
      'https://phone.examplee',
      'https://phone.example:9999',
      'https://phone.example.',
      'http://127.0.0.1:7001',
      'http://evil.example:7000',
    ]) {
      expect(guard.check({ host, origin })).toMatchObject({ ok: false, status: 403 });
    }
  });
});
