/**
 * `POST /api/pair` (a pairing code for a device cookie) and `GET /api/session` (which device this cookie is). Host and
 * Origin were checked before these run; pairing also insists the request carries the daemon's own Origin, so only
 * the daemon's page, never a script or another site, can trade a code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLogger } from '../../core/log.js';
import { readBody } from '../../core/http-body.js';
import { sendJson } from '../http-routes.js';
import { DEVICE_COOKIE, type AuthService } from './auth-service.js';

const log = createLogger('server.pair');
const MAX_PAIR_BODY_BYTES = 4096; // {"code": "..."} is ~40 bytes
/** Cookie lifetime: the credential lasts until revoked; the browser should keep it across restarts. */
const COOKIE_MAX_AGE_S = 400 * 24 * 3600;

export interface AuthRouteContext {
  auth: AuthService;
  tls: boolean;
}

export async function handleAuthRoute(req: IncomingMessage, res: ServerResponse, ctx: AuthRouteContext): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/api/pair') {
    await pair(req, res, ctx);
    return true;
  }
  if (path === '/api/session') {
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' }), true;
    const p = ctx.auth.principalFromCookie(req.headers.cookie);
    if (p === undefined || p === 'invalid' || p.kind !== 'device') sendJson(res, 401, { error: 'not paired' });
    else sendJson(res, 200, { deviceId: p.deviceId, role: p.role, label: p.label });
    return true;
  }
  return false;
}

async function pair(req: IncomingMessage, res: ServerResponse, { auth, tls }: AuthRouteContext): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
  // The guard let through only this daemon's origins; a request with none (curl, a script) is not the page.
  if (req.headers.origin === undefined) return sendJson(res, 403, { error: 'pairing needs the page of this daemon (no Origin)' });
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return sendJson(res, 415, { error: 'expected application/json' });
  const address = req.socket.remoteAddress ?? 'unknown';
  const wait = auth.backoff.waitMs(address);
  if (wait > 0) {
    res.setHeader('retry-after', String(Math.ceil(wait / 1000)));
    return sendJson(res, 429, { error: `too many failed attempts; retry in ${Math.ceil(wait / 1000)} s` });
  }
  const body = await readBody(req, MAX_PAIR_BODY_BYTES);
  let code: unknown;
  try {
    code = body === 'too_large' ? undefined : (JSON.parse(body) as { code?: unknown }).code;
  } catch {
    code = undefined;
  }
  if (typeof code !== 'string' || code.length === 0 || code.length > 200) {
    auth.backoff.fail(address);
    return sendJson(res, 400, { error: 'expected {"code": "<pairing code>"}' });
  }
  const r = await auth.redeem(code);
  if (!r.ok) {
    auth.backoff.fail(address);
    // Never the code itself (security LOG-1): only that a pairing failed, and from where.
    log.warn('pair.refused', { reason: r.reason, address });
    return sendJson(res, 403, { error: r.reason === 'expired' ? 'pairing code expired; run paseo pair again' : 'pairing code unknown or already used; run paseo pair again' });
  }
  auth.backoff.succeed(address);
  const cookie = [`${DEVICE_COOKIE}=${r.credential}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${COOKIE_MAX_AGE_S}`, ...(tls ? ['Secure'] : [])];
  res.setHeader('set-cookie', cookie.join('; '));
  sendJson(res, 200, { deviceId: r.device.id, role: r.device.role, label: r.device.label });
}
