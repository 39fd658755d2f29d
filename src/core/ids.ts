/** Agent ids: short, random, URL- and filename-safe; the CLI accepts any unique prefix. */
import { randomBytes } from 'node:crypto';

const ID_BYTES = 6; // 12 hex chars: collisions are negligible for one user's agents, and short to type.

export function newAgentId(): string {
  return randomBytes(ID_BYTES).toString('hex');
}

export function isValidAgentId(id: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,63}$/.test(id);
}
