/** The status line's daemon part, from the daemon's health: where it listens, its pid, connected devices. */
import { parseListen } from '../../core/listen-address.js';
import type { HealthInfo } from '../../core/protocol.js';

export function daemonStatus(health: Pick<HealthInfo, 'listen' | 'pid' | 'devices'>): string {
  // Paired devices (phones) connected now, as the daemon counts them at this read.
  const devices = health.devices ? ` · ${health.devices} device${health.devices === 1 ? '' : 's'}` : '';
  const address = shownAddress(health.listen);
  return `${address ? `${address} ` : ''}pid ${health.pid}${devices}`;
}

/**
 * The listen address the daemon reports (the port it bound). A daemon from before that reported its configured port 0
 * (any free port, as tests and benchmarks start daemons), which is not where it is reachable: no address beats a wrong one.
 */
function shownAddress(listen: string): string | undefined {
  try {
    return parseListen(listen).port === 0 ? undefined : listen;
  } catch {
    return listen;
  }
}
