/**
 * Paired devices in PASEO_HOME/devices.json (0600, atomic writes): id, label, role, the sha256 of the credential,
 * createdAt, lastSeenAt. The credential itself exists only in the browser's cookie.
 */
import fs from 'node:fs';
import { Auth } from '../../core/constants.js';
import { NotFoundError, errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import type { Role } from '../../core/protocol.js';
import { writeFileAtomic } from '../../supervisor/atomic-write.js';
import { isRole } from './roles.js';
import { digestsEqual, hashSecret, newDeviceId, newSecret } from './tokens.js';

const log = createLogger('server.devices');
const FILE_VERSION = 1;

export interface DeviceRecord {
  id: string;
  label: string;
  role: Role;
  credentialHash: string;
  createdAt: string;
  lastSeenAt?: string;
}

export class DeviceStore {
  private readonly devices = new Map<string, DeviceRecord>();
  private writing: Promise<void> = Promise.resolve();
  private readonly lastWrittenSeen = new Map<string, number>();

  constructor(private readonly file: string | undefined) {
    if (file) this.load(file);
  }

  list(): DeviceRecord[] {
    return [...this.devices.values()];
  }

  get(id: string): DeviceRecord | undefined {
    return this.devices.get(id);
  }

  /** A new device and its credential (returned once, never stored). */
  async add(label: string, role: Role): Promise<{ device: DeviceRecord; credential: string }> {
    const credential = newSecret(Auth.DEVICE_CREDENTIAL_BYTES);
    const device: DeviceRecord = { id: newDeviceId(), label, role, credentialHash: hashSecret(credential), createdAt: new Date().toISOString() };
    this.devices.set(device.id, device);
    await this.save();
    return { device, credential };
  }

  /** The device this credential belongs to; every record is compared so the time taken says nothing about which. */
  authenticate(credential: string | undefined): DeviceRecord | undefined {
    if (!credential) return undefined;
    const hash = hashSecret(credential);
    let found: DeviceRecord | undefined;
    for (const d of this.devices.values()) if (digestsEqual(d.credentialHash, hash)) found = d;
    return found;
  }

  async revoke(id: string): Promise<DeviceRecord> {
    const device = this.devices.get(id);
    if (!device) throw new NotFoundError(`no device ${id}`, { deviceId: id });
    this.devices.delete(id);
    await this.save();
    return device;
  }

  /** Notes a connection; written at most every LAST_SEEN_WRITE_MS per device. */
  touch(id: string): void {
    const device = this.devices.get(id);
    if (!device) return;
    const now = Date.now();
    device.lastSeenAt = new Date(now).toISOString();
    if (now - (this.lastWrittenSeen.get(id) ?? 0) < Auth.LAST_SEEN_WRITE_MS) return;
    this.lastWrittenSeen.set(id, now);
    this.save().catch((err: unknown) => log.warn('devices.save_failed', { error: errorMessage(err) }));
  }

  private load(file: string): void {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('devices.read_failed', { error: errorMessage(err) });
      return;
    }
    try {
      const data = JSON.parse(text) as { version?: unknown; devices?: unknown };
      if (data.version !== FILE_VERSION || !Array.isArray(data.devices)) throw new Error('unknown format');
      for (const d of data.devices as DeviceRecord[]) {
        if (typeof d.id !== 'string' || typeof d.credentialHash !== 'string' || !isRole(d.role)) continue;
        this.devices.set(d.id, { ...d, label: String(d.label ?? '') });
      }
    } catch (err) {
      // Safe default (security REL-2): no device is trusted; the bad file is kept aside for a person to look at.
      const aside = `${file}.corrupt-${Date.now()}`;
      log.warn('devices.corrupt', { error: errorMessage(err), movedTo: aside });
      try {
        fs.renameSync(file, aside);
      } catch {
        // left in place; the next save replaces it
      }
    }
  }

  private save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    // One write at a time, each of the state at its turn: the last one holds the latest.
    this.writing = this.writing
      .catch(() => {})
      .then(() => writeFileAtomic(file, JSON.stringify({ version: FILE_VERSION, devices: this.list() }, null, 2) + '\n', 0o600));
    return this.writing;
  }
}
