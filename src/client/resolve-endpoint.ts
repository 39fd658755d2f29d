/** Where the daemon listens and the token to present: `<home>/token` (written 0600 by the daemon) when it exists. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Defaults } from '../core/constants.js';
import { ConfigError } from '../core/errors.js';

export interface Endpoint {
  url: string;
  token: string | undefined;
}

export function resolveEndpoint(opts: { home: string; listen?: string }): Endpoint {
  return { url: wsUrlFor(opts.listen ?? Defaults.LISTEN), token: readToken(opts.home) };
}

/** ws://host:port/ws for a listen string; a wildcard bind is reached over loopback. */
export function wsUrlFor(listen: string): string {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(listen.trim());
  if (!m) throw new ConfigError(`invalid listen address "${listen}": expected host:port`, { listen });
  let host = m[1] ?? m[2] ?? '';
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '::') host = '::1';
  return `ws://${host.includes(':') ? `[${host}]` : host}:${m[3]}/ws`;
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
