/**
 * Host and Origin checks shared by every HTTP route and the WebSocket upgrade (DNS rebinding and
 * cross-site hijacking, security HS-1/HS-2). Exact string matches only: no regexes, no suffixes.
 */
import { formatHostPort } from '../core/listen-address.js';

export interface GuardConfig {
  /** The address the server is bound to (after port 0 was resolved). */
  host: string;
  port: number;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  /** The server's own scheme (https under TLS): its origins are built with it. */
  scheme?: 'http' | 'https';
}

export type GuardVerdict = { ok: true } | { ok: false; status: 400 | 403; reason: string };

export class RequestGuard {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(config: GuardConfig) {
    const p = config.port;
    const loopback = ['127.0.0.1', 'localhost', '::1'].map((h) => formatHostPort(h, p));
    const own = isWildcard(config.host) ? [] : [formatHostPort(config.host, p)];
    this.hosts = new Set([...loopback, ...own, ...(config.allowedHosts ?? [])].map((h) => h.toLowerCase()));
    const ownOrigins = [...new Set([...own, formatHostPort('localhost', p)])].map((h) => `${config.scheme ?? 'http'}://${h}`.toLowerCase());
    this.origins = new Set([...ownOrigins, ...(config.allowedOrigins ?? []).map((o) => o.toLowerCase())]);
  }

  check(headers: { host?: string | undefined; origin?: string | string[] | undefined }): GuardVerdict {
    const host = headers.host;
    if (!host) return { ok: false, status: 400, reason: 'missing Host header' };
    if (!this.hosts.has(host.toLowerCase())) return { ok: false, status: 403, reason: 'Host not allowed' };
    const origin = headers.origin;
    // Browsers always send Origin on WebSocket handshakes and cross-site POSTs; CLI/TUI clients send none.
    if (origin === undefined) return { ok: true };
    if (Array.isArray(origin) || !this.origins.has(origin.toLowerCase())) {
      return { ok: false, status: 403, reason: 'Origin not allowed' };
    }
    return { ok: true };
  }
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}
