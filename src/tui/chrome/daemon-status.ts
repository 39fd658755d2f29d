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
 * The listen address as configured. Port 0 (any free port, as tests and benchmarks start daemons) is not where the
 * daemon is reachable and the health does not say which port it got: no address beats a wrong one.
 */
function shownAddress(listen: string): string | undefined {
  try {
    return parseListen(listen).port === 0 ? undefined : listen;
  } catch {
    return listen;
  }
}
