/** Plain HTTP routes: health and the agent hook endpoint. Host/Origin were checked before these run. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SupervisorService } from '../core/api.js';
import { Protocol } from '../core/constants.js';
import { errorMessage, toPaseoError } from '../core/errors.js';
import { isValidAgentId } from '../core/ids.js';
import { createLogger } from '../core/log.js';
import type { PublicHealthInfo } from '../core/protocol.js';
import { bearerToken, tokenMatches } from '../core/credential-check.js';
import { readBody } from '../core/http-body.js';

const log = createLogger('server.http');

const HOOK_PATH = /^\/hooks\/([^/]+)\/([^/]+)$/;
const HOOK_EVENT = /^[A-Za-z0-9_.-]{1,64}$/;
const SECRET_HEADER = 'x-paseo-hook-secret';

/**
 * Answers one request; returns false when no route matched (the caller may try others, then 404). `token` is the
 * daemon's client token, when it has one.
 */
export async function handleHttpRoute(req: IncomingMessage, res: ServerResponse, service: SupervisorService, token?: string): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/api/health') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' }), true;
    const health = await service.health();
    // Without the token only that it is up (the home path and pid are not for any local process or page to read).
    const full = token === undefined || tokenMatches(bearerToken(req), token);
    sendJson(res, 200, full ? health : ({ status: health.status, version: health.version } satisfies PublicHealthInfo));
    return true;
  }
  const hook = HOOK_PATH.exec(path);
  if (hook) {
    await handleHook(req, res, service, safeDecode(hook[1]!), safeDecode(hook[2]!));
    return true;
  }
  return false;
}

async function handleHook(req: IncomingMessage, res: ServerResponse, service: SupervisorService, agentId: string, event: string): Promise<void> {
  // The caller closing before its answer (the relay timed out or died) means nothing waits for it any more.
  const callerGone = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) callerGone.abort();
  };
  res.once('close', onClose);
  try {
    await answerHook(req, res, service, agentId, event, callerGone.signal);
  } finally {
    res.off('close', onClose);
  }
}

async function answerHook(req: IncomingMessage, res: ServerResponse, service: SupervisorService, agentId: string, event: string, signal: AbortSignal): Promise<void> {
  if (!isValidAgentId(agentId) || !HOOK_EVENT.test(event)) return sendJson(res, 404, { error: 'not found' });
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
  // A browser's "simple" cross-site POST can only carry form or text types; JSON forces a preflight.
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/json\b/i.test(type)) return sendJson(res, 415, { error: 'expected application/json' });
  const body = await readBody(req, Protocol.MAX_MESSAGE_BYTES);
  if (body === 'too_large') {
    res.setHeader('connection', 'close');
    return sendJson(res, 413, { error: 'payload too large' });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return sendJson(res, 400, { error: 'body is not JSON' });
  }
  const secretHeader = req.headers[SECRET_HEADER];
  const secret = typeof secretHeader === 'string' ? secretHeader : undefined;
  try {
    const reply = await service.handleHook({ agentId, secret, event, payload, signal });
    sendJson(res, reply.status, reply.body);
  } catch (err) {
    const e = toPaseoError(err);
    log.warn('hook.failed', { agentId, event, error: errorMessage(err) });
    const status = e.code === 'not_found' ? 404 : e.code === 'unauthorized' ? 401 : e.code === 'bad_request' ? 400 : 500;
    sendJson(res, status, { error: e.code, message: e.message });
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(text);
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return '';
  }
}
