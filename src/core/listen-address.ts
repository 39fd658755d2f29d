/** Parses "host:port" listen strings and says whether a host is loopback (strictly: no 127.1, 0x7f.1 or 2130706433 shapes). */
import { ConfigError } from './errors.js';

export interface ListenAddress {
  /** Host as given, without IPv6 brackets ("127.0.0.1", "::1", "localhost", "0.0.0.0"). */
  host: string;
  port: number;
}

export function parseListen(listen: string): ListenAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(listen.trim());
  const port = m ? Number(m[3]) : NaN;
  const host = m ? (m[1] ?? m[2] ?? '') : '';
  if (!m || host === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`invalid listen address "${listen}": expected host:port, e.g. 127.0.0.1:6767`, { listen });
  }
  return { host, port };
}

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return DOTTED_QUAD.test(h) && h.startsWith('127.');
}

/** host:port as it appears in a Host header or an origin (IPv6 bracketed). */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The host a local client dials for a listen host: a wildcard bind is reached over loopback. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/** `http://127.0.0.1:6767` / `ws://…` for a listen string, as a local client reaches it. */
export function listenUrl(scheme: 'http' | 'ws', listen: string): string {
  const { host, port } = parseListen(listen);
  return `${scheme}://${formatHostPort(reachableHost(host), port)}`;
}
