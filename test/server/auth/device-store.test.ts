// The device store and the backoff on their own: digests only on disk, a corrupt file trusts no one, the wait doubles.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Auth } from '../../../src/core/constants.js';
import { AddressBackoff } from '../../../src/server/auth/backoff.js';
import { DeviceStore } from '../../../src/server/auth/devices.js';
import { PairingCodes } from '../../../src/server/auth/pairing.js';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-devices-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('DeviceStore', () => {
  it('stores a digest (0600), authenticates the credential only, and forgets a revoked device across a reload', async () => {
    const file = path.join(dir, 'devices.json');
    const store = new DeviceStore(file);
    const { device, credential } = await store.add('phone', 'approver');
    expect(Buffer.from(credential, 'base64url')).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(credential);
    expect(new DeviceStore(file).authenticate(credential)?.id).toBe(device.id);
    expect(new DeviceStore(file).authenticate(credential.slice(0, -1) + (credential.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
    await store.revoke(device.id);
    expect(new DeviceStore(file).authenticate(credential)).toBeUndefined();
  });

  it('a corrupt file is set aside and no device is trusted', () => {
    const file = path.join(dir, 'devices.json');
    fs.writeFileSync(file, '{"version":1,"devices":[{"id":"dev_x","role":"admin","credentialHash":');
    const store = new DeviceStore(file);
    expect(store.list()).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('devices.json.corrupt-'))).toBe(true);
  });

  it('a record with an unknown role is not loaded', () => {
    const file = path.join(dir, 'devices.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, devices: [{ id: 'dev_x', label: 'x', role: 'root', credentialHash: 'ab', createdAt: '' }] }));
    expect(new DeviceStore(file).list()).toEqual([]);
  });
});

describe('PairingCodes and AddressBackoff', () => {
  it('a code expires at its deadline and is gone after one use', () => {
    let now = 1_000;
    const codes = new PairingCodes(() => now);
    const a = codes.issue('viewer', 'a', 100);
    now += 101;
    expect(codes.redeem(a.code)).toEqual({ ok: false, reason: 'expired' });
    const b = codes.issue('viewer', 'b', 100);
    expect(codes.redeem(b.code)).toMatchObject({ ok: true, label: 'b' });
    expect(codes.redeem(b.code)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('free failures, then a wait that doubles up to the cap, per address; success clears it', () => {
    let now = 0;
    const b = new AddressBackoff(() => now);
    for (let i = 0; i < Auth.BACKOFF_FREE_FAILURES; i++) b.fail('1.2.3.4');
    expect(b.waitMs('1.2.3.4')).toBe(0);
    b.fail('1.2.3.4');
    expect(b.waitMs('1.2.3.4')).toBe(Auth.BACKOFF_BASE_MS);
    b.fail('1.2.3.4');
    expect(b.waitMs('1.2.3.4')).toBe(2 * Auth.BACKOFF_BASE_MS);
    expect(b.waitMs('5.6.7.8')).toBe(0);
    for (let i = 0; i < 40; i++) b.fail('1.2.3.4');
    expect(b.waitMs('1.2.3.4')).toBe(Auth.BACKOFF_MAX_MS);
    now += Auth.BACKOFF_MAX_MS;
    expect(b.waitMs('1.2.3.4')).toBe(0);
    b.succeed('1.2.3.4');
    b.fail('1.2.3.4');
    expect(b.waitMs('1.2.3.4')).toBe(0);
  });
});
