/** Constant-time comparison of a presented credential (both sides hashed, so lengths never leak). */
import { createHash, timingSafeEqual } from 'node:crypto';

export function credentialMatches(presented: string | undefined, expected: string): boolean {
  const a = createHash('sha256').update(presented ?? '').digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented !== undefined;
}
