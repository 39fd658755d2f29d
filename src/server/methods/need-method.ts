/** A service method older services lack (pass it bound), or a typed error saying what this daemon cannot do. */
import { PaseoError } from '../../core/errors.js';

/** `lacks` completes "this daemon …": "has no schedules", "cannot show diffs". */
export function needMethod<F>(method: F | undefined, lacks: string): F {
  if (!method) throw new PaseoError('unknown_method', `this daemon ${lacks}`);
  return method;
}
