/**
 * Secrets the daemon hands out (pairing codes, device credentials): random, base64url, and kept only as a sha256
 * digest, so devices.json or a memory dump never holds a usable secret. 128+ random bits need no slow hash.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests (equal length by construction). */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Short id shown in `devices ls` and logs: random, unrelated to the credential. */
export function newDeviceId(): string {
  return `dev_${randomBytes(6).toString('hex')}`;
}
