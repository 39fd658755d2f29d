/**
 * Checks of a presented credential, for every endpoint that takes one (the daemon's protocol and HTTP routes, `/mcp`):
 * constant-time comparison, both sides hashed first so lengths match and nothing leaks through timing (security AUTH-2).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function tokenMatches(presented: string | undefined, expected: string): boolean {
  // Hash even when nothing was presented so a missing token takes the same path as a wrong one.
  return timingSafeEqual(digest(presented ?? ''), digest(expected)) && presented !== undefined;
}

/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}
