/**
 * One-time pairing codes: random (128 bits), held only as their digest in memory, valid until their deadline, and
 * gone with their first use, successful or not for lack of time. A daemon restart forgets them all.
 */
import { Auth } from '../../core/constants.js';
import type { Role } from '../../core/protocol.js';
import { hashSecret, newSecret } from './tokens.js';

interface PendingPairing {
  role: Role;
  label: string;
  expiresAt: number;
}

export type RedeemResult = { ok: true; role: Role; label: string } | { ok: false; reason: 'unknown' | 'expired' };

export class PairingCodes {
  private readonly pending = new Map<string, PendingPairing>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(role: Role, label: string, ttlMs: number): { code: string; expiresAt: number } {
    this.sweep();
    const code = newSecret(Auth.PAIR_CODE_BYTES);
    const expiresAt = this.now() + ttlMs;
    this.pending.set(hashSecret(code), { role, label, expiresAt });
    return { code, expiresAt };
  }

  /** Single use: the code is deleted whatever the answer. A map lookup by digest leaks nothing about the code. */
  redeem(code: string): RedeemResult {
    const key = hashSecret(code);
    const entry = this.pending.get(key);
    this.pending.delete(key);
    if (!entry) return { ok: false, reason: 'unknown' };
    if (this.now() > entry.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, role: entry.role, label: entry.label };
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, v] of this.pending) if (now > v.expiresAt) this.pending.delete(k);
  }
}
