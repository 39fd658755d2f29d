/** Per-agent hook credentials: random, compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newHookSecret(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time equality; hashing first makes the lengths equal so length is not leaked either. */
export function hookSecretMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}
