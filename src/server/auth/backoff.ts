/**
 * Per-address backoff after failed pairings or authentications: a few free failures, then a wait that doubles with
 * each further one. Per address, so a stranger guessing cannot lock the owner out (code-server's global limiter could).
 */
import { Auth } from '../../core/constants.js';

interface Failures {
  count: number;
  blockedUntil: number;
}

export class AddressBackoff {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds this address must still wait, 0 when it may try. */
  waitMs(address: string): number {
    const f = this.failures.get(address);
    return f ? Math.max(0, f.blockedUntil - this.now()) : 0;
  }

  fail(address: string): void {
    const f = this.failures.get(address) ?? { count: 0, blockedUntil: 0 };
    f.count++;
    const over = f.count - Auth.BACKOFF_FREE_FAILURES;
    if (over > 0) f.blockedUntil = this.now() + Math.min(Auth.BACKOFF_MAX_MS, Auth.BACKOFF_BASE_MS * 2 ** (over - 1));
    this.failures.set(address, f);
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }
}
