/**
 * The daemon's side of devices: pairing codes, the device store, which device connections are live (so a revoke
 * closes them at once), and the per-address backoff. One per server.
 */
import path from 'node:path';
import { Auth } from '../../core/constants.js';
import type { Disposable } from '../../core/disposable.js';
import { createLogger } from '../../core/log.js';
import type { DeviceInfo, PairingInfo, Role } from '../../core/protocol.js';
import { AddressBackoff } from './backoff.js';
import { DeviceStore, type DeviceRecord } from './devices.js';
import { PairingCodes, type RedeemResult } from './pairing.js';
import type { Principal } from './principal.js';

const log = createLogger('server.auth');

export const DEVICE_COOKIE = 'paseo_device';
export const DEVICES_FILE = 'devices.json';

export interface AuthServiceOptions {
  /** PASEO_HOME; devices.json lives there (undefined: devices are kept in memory only, for tests). */
  home: string | undefined;
  /** The origin a phone opens, e.g. https://192.168.1.5:6767 (the pairing link's base). */
  publicOrigin: () => string;
  now?: () => number;
}

export class AuthService {
  readonly devices: DeviceStore;
  readonly pairing: PairingCodes;
  readonly backoff: AddressBackoff;
  /** Live connections per device id: each entry closes one. */
  private readonly live = new Map<string, Set<() => void>>();

  constructor(private readonly opts: AuthServiceOptions) {
    this.devices = new DeviceStore(opts.home ? path.join(opts.home, DEVICES_FILE) : undefined);
    this.pairing = new PairingCodes(opts.now);
    this.backoff = new AddressBackoff(opts.now);
  }

  pair(role: Role, rawLabel: string, ttlMs: number = Auth.PAIR_DEFAULT_TTL_MS): PairingInfo {
    // The label is shown in lists and the TUI: no control characters, bounded.
    const label = rawLabel.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ').trim().slice(0, 64) || 'device';
    const { code, expiresAt } = this.pairing.issue(role, label, ttlMs);
    log.info('pair.issued', { role, label, expiresAt: new Date(expiresAt).toISOString() });
    // The code rides in the fragment: browsers never send it to a server, a proxy or a Referer.
    return { code, url: `${this.opts.publicOrigin()}/#pair=${code}`, role, label, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Trades a pairing code for a new device and its credential. */
  async redeem(code: string): Promise<{ ok: true; device: DeviceRecord; credential: string } | Extract<RedeemResult, { ok: false }>> {
    const r = this.pairing.redeem(code);
    if (!r.ok) return r;
    const { device, credential } = await this.devices.add(r.label, r.role);
    log.info('pair.redeemed', { deviceId: device.id, role: device.role, label: device.label });
    return { ok: true, device, credential };
  }

  /** The device a Cookie header's paseo_device names, if it is a live device. */
  principalFromCookie(cookieHeader: string | undefined): Principal | 'invalid' | undefined {
    const credential = readCookie(cookieHeader, DEVICE_COOKIE);
    if (credential === undefined) return undefined;
    const device = this.devices.authenticate(credential);
    if (!device) return 'invalid';
    return { kind: 'device', deviceId: device.id, label: device.label, role: device.role };
  }

  /** Registers a device connection; `close` is called when the device is revoked. Dispose when the connection ends. */
  connect(deviceId: string, close: () => void): Disposable | undefined {
    if (!this.devices.get(deviceId)) return undefined;
    this.devices.touch(deviceId);
    const set = this.live.get(deviceId) ?? new Set();
    set.add(close);
    this.live.set(deviceId, set);
    return {
      dispose: () => {
        set.delete(close);
        if (set.size === 0 && this.live.get(deviceId) === set) this.live.delete(deviceId);
      },
    };
  }

  /** Device connections live now. */
  connectedDevices(): number {
    let n = 0;
    for (const set of this.live.values()) n += set.size;
    return n;
  }

  list(): DeviceInfo[] {
    return this.devices.list().map((d) => ({
      id: d.id,
      label: d.label,
      role: d.role,
      createdAt: d.createdAt,
      ...(d.lastSeenAt ? { lastSeenAt: d.lastSeenAt } : {}),
      connections: this.live.get(d.id)?.size ?? 0,
    }));
  }

  /** Forgets the device and closes its live connections now. */
  async revoke(deviceId: string): Promise<DeviceInfo> {
    const info = this.list().find((d) => d.id === deviceId);
    await this.devices.revoke(deviceId);
    const closers = [...(this.live.get(deviceId) ?? [])];
    this.live.delete(deviceId);
    for (const close of closers) close();
    log.info('device.revoked', { deviceId, connectionsClosed: closers.length });
    return { ...info!, connections: 0 };
  }
}

/** One cookie's value from a Cookie header (`a=1; b=2`); undefined when absent. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
