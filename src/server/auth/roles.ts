/** Role ordering: each role may do what the roles before it may (viewer < approver < operator < admin). */
import { ROLES, type Role } from '../../core/protocol.js';

/** What an entry of the method/message table needs: a role, or 'any' for messages every connection sends (hello). */
export type Requirement = Role | 'any';

const RANK: Record<Role, number> = Object.fromEntries(ROLES.map((r, i) => [r, i])) as Record<Role, number>;

/** True only for a known requirement the role meets: anything else (a missing or misspelled entry) is denied. */
export function roleAllows(role: Role, required: Requirement | undefined): boolean {
  if (required === 'any') return true;
  if (required === undefined || !Object.prototype.hasOwnProperty.call(RANK, required)) return false;
  return RANK[role] >= RANK[required];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
