/**
 * The daemon's `/mcp` endpoint: MCP over streamable HTTP, stateless (a server per request, as the SDK's stateless
 * mode does), so a long blocking call streams its progress on its own response. Host/Origin were checked before
 * this runs; then the daemon's token, or an agent's own credential (its id and hook secret), is required.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { PaseoApi } from '../core/api.js';
import { Protocol } from '../core/constants.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { createPaseoMcpServer } from './create-mcp-server.js';
import { bearerToken, tokenMatches } from '../core/credential-check.js';
import { readBody } from '../core/http-body.js';

const log = createLogger('mcp.http');

export const MCP_PATH = '/mcp';
export const AGENT_HEADER = 'x-paseo-agent';

export interface McpRouteOptions {
  api: PaseoApi & { verifyAgentCredential?(agentId: string, secret: string): boolean };
  /** The daemon's token; undefined = a loopback server that asks none (tests). */
  token: string | undefined;
  version: string;
  progressIntervalMs?: number;
}

/** Answers `/mcp`; false for any other path. */
export function createMcpRoute(opts: McpRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== MCP_PATH) return false;
    const bearer = bearerToken(req);
    const agentHeader = req.headers[AGENT_HEADER];
    const agentId = typeof agentHeader === 'string' ? agentHeader : undefined;
    let caller: string | undefined;
    if (agentId !== undefined) {
      // An agent's credential: its own hook secret. Never the daemon's token, and no tool decides approvals.
      if (!bearer || !opts.api.verifyAgentCredential?.(agentId, bearer)) return reply(res, 401, 'invalid agent credential');
      caller = agentId;
    } else if (opts.token !== undefined && !tokenMatches(bearer, opts.token)) {
      return reply(res, 401, 'invalid or missing token');
    }
    if (req.method !== 'POST') {
      // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null }));
      return true;
    }
    const body = await readJson(req);
    if (body === undefined) return reply(res, 400, 'body is not JSON or too large');
    const server = createPaseoMcpServer({ api: opts.api, version: opts.version, ...(caller ? { callerAgentId: caller } : {}), ...(opts.progressIntervalMs ? { progressIntervalMs: opts.progressIntervalMs } : {}) });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    } catch (err) {
      log.warn('mcp.request-failed', { error: errorMessage(err) });
      if (!res.headersSent) reply(res, 500, 'internal error');
    }
    return true;
  };
}

function reply(res: ServerResponse, status: number, message: string): true {
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
  return true;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req, Protocol.MAX_MESSAGE_BYTES);
  if (text === 'too_large') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
