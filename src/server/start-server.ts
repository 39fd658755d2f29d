/**
 * The daemon's endpoint: HTTP (health, hooks) and the protocol WebSocket at /ws on one port.
 * Every upgrade is checked (path, Host, Origin) in the `upgrade` handler, which HTTP middleware
 * never sees, before `ws` touches it (security §0.2, HS-1..3).
 */
import fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import os from 'node:os';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from './ws-module.js';
import type { SupervisorService } from '../core/api.js';
import { Protocol, Server } from '../core/constants.js';
import { ConfigError, errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { ClientConnection, DEFAULT_LIMITS, type ClientSocket, type ConnectionDeps, type ConnectionLimits } from './client-connection.js';
import { LineSocket } from './line-socket.js';
import { handleHttpRoute, sendJson } from './http-routes.js';
import { formatHostPort, isLoopbackHost, parseListen } from '../core/listen-address.js';
import { RequestGuard } from './request-guard.js';
import { ViewerHub } from './viewer/viewer-hub.js';
import { AuthService } from './auth/auth-service.js';
import { handleAuthRoute } from './auth/auth-routes.js';
import { setSecurityHeaders } from './security-headers.js';

const log = createLogger('server');

export const WS_PATH = '/ws';

export interface StartServerOptions {
  service: SupervisorService;
  /** "host:port"; port 0 = ephemeral. */
  listen: string;
  /** Required for a non-loopback listen. */
  token?: string;
  /** Extra Host header values accepted besides loopback names. */
  allowedHosts?: string[];
  /** Exact origins accepted besides http://<listen host:port> and http://localhost:<port>. */
  allowedOrigins?: string[];
  version: string;
  home: string;
  /** Called after a client's `daemon.shutdown` was answered (the daemon closes and exits). */
  onShutdownRequested?: () => void;
  /**
   * Also serve the protocol on this unix socket (created 0600; a stale file from a killed daemon is replaced): the
   * local transport. Only a process that holds the home's lock may pass it.
   */
  socketPath?: string;
  /** Extra HTTP routes (the phone page), tried after Host/Origin passed and before 404; return true when handled. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  /** The MCP endpoint (`/mcp`), tried after Host/Origin passed; it checks the token itself; returns true when handled. */
  mcpRoute?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** The bounds each client connection is held to (default DEFAULT_LIMITS; tests shorten them). */
  limits?: Partial<ConnectionLimits>;
  /** Share another server's devices and pairing (the daemon's loopback hook listener beside its TLS one). */
  auth?: AuthService;
  /** The origin phones use through a proxy (`https://host.tailnet.ts.net`): accepted as Origin and Host, and the pairing links' base. */
  publicOrigin?: string;
  /** Serve https/wss with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface RunningServer {
  host: string;
  port: number;
  url: string;
  /** Clients being served now (a disconnected one no longer counts, even while its socket is still closing). */
  readonly clients: number;
  /** Paired devices, pairing codes and their backoff. */
  readonly auth: AuthService;
  close(): Promise<void>;
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const address = parseListen(opts.listen);
  if (!isLoopbackHost(address.host) && !opts.token) {
    throw new ConfigError(`refusing to listen on ${opts.listen} without a token: only loopback addresses may run without one`, {
      listen: opts.listen,
    });
  }
  const http = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }) : createServer();
  const scheme = opts.tls ? 'https' : 'http';
  http.requestTimeout = Server.HTTP_REQUEST_TIMEOUT_MS;
  http.headersTimeout = Server.HTTP_REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(address.port, address.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const bound = http.address();
  const port = typeof bound === 'object' && bound ? bound.port : address.port;
  // A wildcard bind is reached by this machine's own addresses and name: those Host values are ours, no others.
  const ownHosts = isWildcard(address.host) ? interfaceHosts().map((h) => formatHostPort(h, port)) : [];
  const guard = new RequestGuard({
    host: address.host,
    port,
    scheme,
    allowedHosts: [...ownHosts, ...(opts.publicOrigin ? [new URL(opts.publicOrigin).host] : []), ...(opts.allowedHosts ?? [])],
    allowedOrigins: [...ownHosts.map((h) => `${scheme}://${h}`), ...(opts.publicOrigin ? [opts.publicOrigin] : []), ...(opts.allowedOrigins ?? [])],
  });
  const publicHost = isWildcard(address.host) ? (interfaceHosts().find((h) => net.isIPv4(h) && !isLoopbackHost(h)) ?? '127.0.0.1') : address.host;
  const auth = opts.auth ?? new AuthService({ home: opts.home, publicOrigin: () => opts.publicOrigin ?? `${scheme}://${formatHostPort(publicHost, port)}` });
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  // One screen mirror per agent being viewed, shared by every connection's viewer streams.
  const viewers = new ViewerHub(opts.service);
  // Above the message limit, so a message just over it is seen and answered `too_large` (ClientConnection checks).
  const maxPayload = Math.max(Protocol.WS_MAX_PAYLOAD_BYTES, limits.maxMessageBytes + 1);
  const wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false, clientTracking: false });
  const connections = new Set<ClientConnection>();
  let closing = false;

  http.on('error', (err) => log.error('http.error', { error: err.message }));
  http.on('request', (req, res) => {
    setSecurityHeaders(res);
    void (async () => {
      const verdict = guard.check(req.headers);
      if (!verdict.ok) return sendJson(res, verdict.status, { error: verdict.reason });
      // Behind an https proxy the browser holds the cookie for an https origin: Secure then too.
      if (await handleAuthRoute(req, res, { auth, tls: opts.tls !== undefined || opts.publicOrigin?.startsWith('https:') === true })) return;
      if (opts.mcpRoute && (await opts.mcpRoute(req, res))) return;
      if (await handleHttpRoute(req, res, opts.service, opts.token)) return;
      if (opts.extraRoutes && (await opts.extraRoutes(req, res))) return;
      sendJson(res, 404, { error: 'not found' });
    })().catch((err: unknown) => {
      log.error('http.route_failed', { url: req.url, error: errorMessage(err) });
      sendJson(res, 500, { error: 'internal' });
    });
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (closing || path !== WS_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    const verdict = guard.check(req.headers);
    if (!verdict.ok) {
      log.warn('upgrade.refused', { reason: verdict.reason });
      return rejectUpgrade(socket, verdict.status, verdict.status === 400 ? 'Bad Request' : 'Forbidden');
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    // A device cookie is checked here, before `ws` accepts anything: a revoked or forged one never gets a socket. An
    // address backed off may not try one (the local token, 256 bits and no guess, is never held back).
    const device = auth.principalFromCookie(req.headers.cookie);
    if (device !== undefined && auth.backoff.waitMs(address) > 0) return rejectUpgrade(socket, 429, 'Too Many Requests');
    if (device === 'invalid') {
      auth.backoff.fail(address);
      log.warn('upgrade.refused', { reason: 'unknown device credential', address });
      return rejectUpgrade(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (closing) return ws.terminate();
      accept(ws, { ...(device ? { device } : {}), onAuthFailed: () => auth.backoff.fail(address) });
    });
  });

  function accept(socket: ClientSocket, who: Pick<ConnectionDeps, 'device' | 'onAuthFailed'> = {}): void {
    const connection = new ClientConnection(socket, {
      service: opts.service,
      token: opts.token,
      version: opts.version,
      onShutdownRequested: () => opts.onShutdownRequested?.(),
      limits,
      auth,
      viewers,
      ...who,
    });
    connections.add(connection);
    connection.onDidClose(() => connections.delete(connection));
  }

  let unix: net.Server | undefined;
  if (opts.socketPath) {
    try {
      unix = await listenUnix(opts.socketPath, (socket) => {
        if (closing) return socket.destroy();
        accept(new LineSocket(socket, limits.maxMessageBytes));
      });
    } catch (err) {
      // The WebSocket still serves every client; the unix socket is only the faster way in.
      log.warn('unix.listen_failed', { path: opts.socketPath, error: errorMessage(err) });
    }
  }

  const heartbeat = setInterval(() => {
    for (const c of connections) c.heartbeat();
  }, Protocol.PING_INTERVAL_MS);
  heartbeat.unref();

  const host = address.host;
  const url = `${opts.tls ? 'wss' : 'ws'}://${formatHostPort(host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host, port)}${WS_PATH}`;
  log.info('server.listening', { listen: formatHostPort(host, port), scheme, auth: opts.token ? 'token' : 'loopback-only', devices: auth.list().length });

  let closed: Promise<void> | undefined;
  return {
    host,
    port,
    url,
    auth,
    get clients() {
      let n = 0;
      for (const c of connections) if (!c.isClosed) n++;
      return n;
    },
    close: () =>
      (closed ??= (async () => {
        closing = true;
        clearInterval(heartbeat);
        for (const c of [...connections]) c.terminate();
        connections.clear();
        viewers.dispose();
        wss.close();
        if (unix) {
          unix.close();
          fs.rmSync(opts.socketPath!, { force: true });
        }
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
      })()),
  };
}

/** Listens on a unix socket that only this user can open. */
async function listenUnix(socketPath: string, onSocket: (socket: net.Socket) => void): Promise<net.Server> {
  fs.rmSync(socketPath, { force: true });
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    onSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(socketPath, 0o600);
  server.on('error', (err) => log.error('unix.error', { error: err.message }));
  return server;
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** This machine's interface addresses and host name (what a phone on the LAN puts in Host for a wildcard bind). */
function interfaceHosts(): string[] {
  const addrs = Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => a !== undefined && !(a.family === 'IPv6' && a.scopeid !== 0))
    .map((a) => a.address);
  return [...new Set([...addrs, os.hostname()])];
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
