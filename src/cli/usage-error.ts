/** A usage error found after commander parsed (a bad option value, a missing choice): exit 2 like commander's own. */
import { PaseoError } from '../core/errors.js';

export class UsageError extends PaseoError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('bad_request', message, context);
  }
}
