/** An optional PaseoApi method, or a clear error that this daemon lacks it. */
import { PaseoError } from '../../core/errors.js';

export function need<F>(method: F | undefined, what: string): F {
  if (!method) throw new PaseoError('unknown_method', `this paseo daemon cannot ${what}`);
  return method;
}

/** The caller's own id for `"self"`, else the id as given. */
export function resolveTarget(agentId: string, callerAgentId: string | undefined): string {
  if (agentId !== 'self') return agentId;
  if (!callerAgentId) throw new PaseoError('bad_request', '"self" works only from an agent paseo started (PASEO_AGENT_ID is not set)');
  return callerAgentId;
}
