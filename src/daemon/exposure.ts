/**
 * What a listen address exposes, and the rule for it (README "Reaching it"): loopback is the default and needs nothing;
 * any other address needs TLS (--tls-cert/--tls-key) or the explicit --insecure-plaintext, and says who can reach it.
 */
import fs from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { isLoopbackHost, parseListen } from '../core/listen-address.js';

export interface ExposureOptions {
  listen: string;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  insecurePlaintext?: boolean | undefined;
  /** The origin phones use when a proxy (Tailscale serve, nginx) fronts the daemon: accepted as Host/Origin, used in pairing links. */
  publicOrigin?: string | undefined;
}

export interface Exposure {
  tls: { cert: Buffer; key: Buffer } | undefined;
  /** --public-origin, normalized (scheme://host[:port]). */
  publicOrigin?: string;
  /** One line for the user and the log: where it listens and who can reach it; undefined for plain loopback. */
  notice: string | undefined;
}

export function checkExposure(opts: ExposureOptions): Exposure {
  const { host } = parseListen(opts.listen);
  if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined)) {
    throw new ConfigError('--tls-cert and --tls-key go together', { listen: opts.listen });
  }
  const tls = opts.tlsCert !== undefined && opts.tlsKey !== undefined ? { cert: readPem(opts.tlsCert, '--tls-cert'), key: readPem(opts.tlsKey, '--tls-key') } : undefined;
  const pub = opts.publicOrigin !== undefined ? { publicOrigin: normalizeOrigin(opts.publicOrigin) } : {};
  if (isLoopbackHost(host)) return { tls, notice: undefined, ...pub };
  if (!tls && !opts.insecurePlaintext) {
    throw new ConfigError(
      `refusing to listen on ${opts.listen} without TLS: pass --tls-cert and --tls-key, or --insecure-plaintext to accept that anyone on the path can read and hijack the session (or keep loopback and use an SSH tunnel, see README)`,
      { listen: opts.listen },
    );
  }
  const who = host === '0.0.0.0' || host === '::' ? 'every network this machine is on' : `whoever can reach ${host}`;
  const how = tls ? 'https/wss' : 'PLAIN HTTP (no TLS: readable and hijackable on the network)';
  return { tls, ...pub, notice: `listening on ${opts.listen} over ${how}, open to ${who}; paired devices (paseo devices ls) and the local token can connect` };
}

function normalizeOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`--public-origin must be an origin like https://host.example:8443, not "${text}"`, { origin: text });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new ConfigError(`--public-origin must be an origin like https://host.example:8443 (no path), not "${text}"`, { origin: text });
  }
  return url.origin;
}

function readPem(file: string, flag: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ConfigError(`cannot read ${flag} ${file}: ${(err as Error).message}`, { file });
  }
}

/** The environment that carries the exposure flags from `paseo daemon start` to the daemon it spawns (paths, no secrets). */
export const EXPOSURE_ENV = { cert: 'PASEO_TLS_CERT', key: 'PASEO_TLS_KEY', insecure: 'PASEO_INSECURE_PLAINTEXT', publicOrigin: 'PASEO_PUBLIC_ORIGIN' } as const;

export function exposureFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<ExposureOptions, 'listen'> {
  return {
    ...(env[EXPOSURE_ENV.cert] ? { tlsCert: env[EXPOSURE_ENV.cert] } : {}),
    ...(env[EXPOSURE_ENV.key] ? { tlsKey: env[EXPOSURE_ENV.key] } : {}),
    ...(env[EXPOSURE_ENV.insecure] === '1' ? { insecurePlaintext: true } : {}),
    ...(env[EXPOSURE_ENV.publicOrigin] ? { publicOrigin: env[EXPOSURE_ENV.publicOrigin] } : {}),
  };
}
