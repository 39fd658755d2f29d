/** Who a connection speaks for: the local user (the token of PASEO_HOME, admin) or a paired device with its role. */
import type { Role } from '../../core/protocol.js';

export type Principal = { kind: 'local'; role: 'admin' } | { kind: 'device'; deviceId: string; label: string; role: Role };

export const LOCAL_PRINCIPAL: Principal = { kind: 'local', role: 'admin' };

export function describePrincipal(p: Principal): string {
  return p.kind === 'local' ? 'local' : `device ${p.deviceId} (${p.role})`;
}
