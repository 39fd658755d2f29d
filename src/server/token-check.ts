/** Constant-time token comparison: both sides are hashed first so lengths match and nothing leaks through timing (security AUTH-2). */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function tokenMatches(presented: string | undefined, expected: string): boolean {
  // Hash even when nothing was presented so a missing token takes the same path as a wrong one.
  return timingSafeEqual(digest(presented ?? ''), digest(expected)) && presented !== undefined;
}
