/** Where the daemon listens and the token to present: `<home>/token` (written 0600 by the daemon) when it exists. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Defaults } from '../core/constants.js';
import { ConfigError } from '../core/errors.js';
import { isLoopbackHost, listenUrl, parseListen } from '../core/listen-address.js';

export interface Endpoint {
  url: string;
  /** The home daemon's unix socket, for a loopback listen address (the same daemon, reached without a WebSocket). */
  socketPath: string | undefined;
  token: string | undefined;
}

export function resolveEndpoint(opts: { home: string; listen?: string }): Endpoint {
  const listen = opts.listen ?? Defaults.LISTEN;
  const host = parseListen(listen).host;
  // A wildcard bind is this machine's daemon too (its socket is in the home); over TLS the socket also spares a certificate check.
  const local = isLoopbackHost(host) || host === '0.0.0.0' || host === '::';
  return { url: wsUrlFor(listen), socketPath: local ? join(opts.home, Defaults.SOCKET_FILE) : undefined, token: readToken(opts.home) };
}

/** ws://host:port/ws for a listen string; a wildcard bind is reached over loopback. */
export function wsUrlFor(listen: string): string {
  return `${listenUrl('ws', listen)}/ws`;
}

export function readToken(home: string): string | undefined {
  try {
    const token = readFileSync(join(home, 'token'), 'utf8').trim();
    return token === '' ? undefined : token;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read the token file in ${home}: ${(err as Error).message}`, { home });
  }
}
