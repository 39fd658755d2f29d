/**
 * One WebSocket client after the upgrade checks passed: hello/auth, request dispatch, input,
 * event and terminal streams. Socket callbacks never throw; every failure becomes an error reply.
 *
 * A client cannot exhaust the daemon: its messages are capped (`too_large`), its requests in flight are capped
 * (`busy`), and everything queued for it is bounded by its ClientQueue; past that bound it is told why
 * (`too_far_behind`) and disconnected, and requests it sent meanwhile are never run.
 */
import type { RawData } from 'ws';
import { WebSocket } from './ws-module.js';
import type { SupervisorService } from '../core/api.js';
import { Flow, Protocol } from '../core/constants.js';
import { type Disposable } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import { errorMessage, toPaseoError, type ErrorCode } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { PROTOCOL_VERSION, type HelloMessage, type MethodName, type RequestMessage, type ServerMessage } from '../core/protocol.js';
import { decodeClientMessage } from './client-message-codec.js';
import { encodeLargeFrame, isLargeString } from './large-frame.js';
import { type EventEncoder, sharedEventEncoder } from './event-encoder.js';
import { ClientQueue, DEFAULT_BATCH } from './client-queue.js';
import { ClientTerminals } from './client-terminals.js';
import { ClientViewers, type ViewerHub } from './viewer/viewer-hub.js';
import { isMethodName, messageRoles, methodTable, type ConnectionScope } from './method-table.js';
import type { AuthService } from './auth/auth-service.js';
import { LOCAL_PRINCIPAL, describePrincipal, type Principal } from './auth/principal.js';
import { roleAllows, type Requirement } from './auth/roles.js';
import { ParamReader } from './param-reader.js';
import { tokenMatches } from '../core/credential-check.js';

const log = createLogger('server.connection');

/** Close code for a refused hello (bad token, wrong version, no hello) or a client too far behind: RFC 6455 "policy violation". */
const CLOSE_POLICY = 1008;
/** Close code after `too_large`: RFC 6455 "message too big", what `ws` itself sends past its payload ceiling. */
const CLOSE_TOO_BIG = 1009;
const MIB = 1024 * 1024;

/** The bounds one connection is held to (tests shorten them). */
export interface ConnectionLimits {
  helloTimeoutMs: number;
  maxMessageBytes: number;
  maxQueuedBytes: number;
  maxRequestsInFlight: number;
  closeGraceMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  helloTimeoutMs: Protocol.HELLO_TIMEOUT_MS,
  maxMessageBytes: Protocol.MAX_MESSAGE_BYTES,
  maxQueuedBytes: Flow.CLIENT_SEND_MAX_BYTES,
  maxRequestsInFlight: Flow.CLIENT_MAX_REQUESTS_IN_FLIGHT,
  closeGraceMs: Flow.CLIENT_CLOSE_GRACE_MS,
};

export interface ConnectionDeps {
  service: SupervisorService;
  /** When set, hello must carry it. */
  token: string | undefined;
  version: string;
  onShutdownRequested(): void;
  limits?: Partial<ConnectionLimits>;
  /** The server's viewer streams (terminal.subscribe with viewer: true); without it only the byte stream is served. */
  viewers?: ViewerHub;
  /** Devices and pairing (revocation closes the device's connections). */
  auth?: AuthService;
  /** The device whose cookie came with the upgrade: who this connection is when hello carries no token. */
  device?: Principal;
  /** A hello failed to authenticate (the server backs that address off). */
  onAuthFailed?(): void;
  /** Encodes each event once for all clients (default: the daemon's shared encoder). */
  eventEncoder?: EventEncoder;
}

/** What a connection needs of its socket: a `ws` WebSocket, or a LineSocket (the unix socket transport). */
export interface ClientSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(frame: string | Buffer, opts: { binary: boolean }): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): unknown;
  /** `pong`, `close`, and `oversize` (a LineSocket line over the bound; it stopped reading). */
  on(event: 'pong' | 'close' | 'oversize', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export class ClientConnection implements Disposable {
  private state: 'hello' | 'ready' | 'closed' = 'hello';
  private name = 'unidentified';
  private readonly queue: ClientQueue;
  private readonly terminals: ClientTerminals;
  private eventsSub: Disposable | undefined;
  private readonly viewers: ClientViewers | undefined;
  /** Set by an accepted hello: who this connection speaks for, checked before every message and method. */
  private principal: Principal | undefined;
  /** The hello's client (kind, name): a decision's actor names it. */
  private helloClient: { kind: string; name?: string } | undefined;
  private deviceLink: Disposable | undefined;
  private helloTimer: NodeJS.Timeout | undefined;
  /** After a goodbye: drops a peer that neither reads nor closes. */
  private graceTimer: NodeJS.Timeout | undefined;
  private sawPong = true;
  private inFlight = 0;
  /** Aborts replies still being encoded once the connection is gone. */
  private readonly gone = new AbortController();
  private readonly limits: ConnectionLimits;
  private readonly onDidCloseEmitter = new Emitter<void>();
  /** The socket is closed (after dispose; a goodbye may hold the socket for the grace period first). */
  readonly onDidClose: Event<void> = this.onDidCloseEmitter.event;

  constructor(
    private readonly ws: ClientSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...deps.limits };
    this.queue = new ClientQueue(
      {
        get unsentBytes() {
          return ws.bufferedAmount;
        },
        send: (frame) => {
          // A Buffer is the UTF-8 of a JSON frame shared by every client: sent as text, without copying it per client.
          if (ws.readyState === WebSocket.OPEN) ws.send(frame, { binary: false });
        },
        onOverflow: (queued) => this.tooFarBehind(`client stopped reading: ${Math.round(queued / MIB)} MiB queued`),
      },
      { maxBytes: Flow.CLIENT_QUEUE_MAX_BYTES, resumeBelowBytes: Flow.CLIENT_RESYNC_BELOW_BYTES, maxQueuedBytes: this.limits.maxQueuedBytes },
      DEFAULT_BATCH,
    );
    this.terminals = new ClientTerminals({
      service: deps.service,
      queue: this.queue,
      sendError: (m) => this.send(m),
      onTooFarBehind: () => this.tooFarBehind('client stayed behind on its terminals for too long'),
      clientName: () => this.name,
    });
    // Frames are control frames (never dropped): the viewer stream itself keeps at most two in flight, only once drained.
    if (deps.viewers) this.viewers = new ClientViewers(deps.viewers, { send: (frame) => this.send(frame), unsentBytes: () => this.queue.queuedBytes });
    this.helloTimer = setTimeout(() => this.refuse('timeout', 'no hello within the deadline'), this.limits.helloTimeoutMs);
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('oversize', () => this.tooLarge());
    ws.on('pong', () => (this.sawPong = true));
    ws.on('error', (err) => log.debug('socket.error', { error: err.message }));
    ws.on('close', () => {
      if (this.graceTimer) clearTimeout(this.graceTimer);
      this.dispose();
      this.onDidCloseEmitter.fire();
      this.onDidCloseEmitter.dispose();
    });
  }

  /** Disconnected (disposed): nothing more is read, run or sent. */
  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Called by the server's ping interval: a client that missed the last ping is dropped. */
  heartbeat(): void {
    if (this.state === 'closed') return;
    if (!this.sawPong) {
      this.ws.terminate();
      return;
    }
    this.sawPong = false;
    this.ws.ping();
  }

  /** Hard close (server shutdown). */
  terminate(): void {
    this.ws.terminate();
    this.dispose();
  }

  dispose(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.gone.abort();
    this.deviceLink?.dispose();
    this.eventsSub?.dispose();
    this.terminals.dispose();
    this.viewers?.dispose();
    this.queue.dispose();
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
    if (rawLength(data) > this.limits.maxMessageBytes) return this.tooLarge();
    if (isBinary) {
      this.sendError('bad_request', 'binary frames are not part of the protocol');
      return;
    }
    const decoded = decodeClientMessage(rawToString(data));
    if (this.state === 'hello') {
      if (!decoded.ok) return this.refuse(decoded.error.code, decoded.error.message);
      if (decoded.message.type !== 'hello') return this.refuse('bad_request', 'the first message must be hello');
      return this.onHello(decoded.message);
    }
    if (!decoded.ok) {
      if (decoded.requestId !== undefined) this.send({ type: 'response', id: decoded.requestId, error: decoded.error });
      else this.send({ type: 'error', error: decoded.error });
      return;
    }
    const message = decoded.message;
    if (message.type !== 'request' && !this.allows(messageRoles[message.type])) {
      return this.sendError('forbidden', `a ${this.principal!.role} may not send ${message.type}`);
    }
    switch (message.type) {
      case 'hello':
        return this.sendError('bad_request', 'hello was already received');
      case 'request':
        void this.onRequest(message);
        return;
      case 'input':
        try {
          this.queue.noteInput(message.agentId);
          this.deps.service.writeInput(message.agentId, message.data);
        } catch (err) {
          const e = toPaseoError(err);
          this.sendError(e.code, e.message);
        }
        return;
      case 'ack':
        this.viewers?.ack(message.agentId, message.id);
        return;
    }
  }

  private onHello(hello: HelloMessage): void {
    if (hello.protocol !== PROTOCOL_VERSION) {
      return this.refuse('protocol_version', `protocol ${hello.protocol} is not supported; this daemon speaks ${PROTOCOL_VERSION}`);
    }
    const principal = this.authenticate(hello);
    if (!principal) {
      // Never log the presented token (ttyd's mistake); only that it failed.
      log.warn('hello.unauthorized', { client: hello.client.kind });
      // Only a wrong token is a guess; a hello that presents nothing (an unpaired page) is not held against its address.
      if (hello.token !== undefined) this.deps.onAuthFailed?.();
      return this.refuse('unauthorized', 'invalid or missing token');
    }
    if (principal.kind === 'device') {
      // Revoked between the upgrade and this hello: no link, no connection.
      this.deviceLink = this.deps.auth?.connect(principal.deviceId, () => this.refuse('unauthorized', 'this device was revoked'));
      if (!this.deviceLink) return this.refuse('unauthorized', 'this device was revoked');
    }
    this.principal = principal;
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    this.state = 'ready';
    this.name = hello.client.name ? `${hello.client.kind}:${hello.client.name}` : hello.client.kind;
    this.helloClient = { kind: hello.client.kind, ...(hello.client.name ? { name: hello.client.name } : {}) };
    if (principal.kind === 'device') log.info('device.connected', { client: this.name, principal: describePrincipal(principal) });
    this.send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      version: this.deps.version,
      pid: process.pid,
      role: principal.role,
      ...(principal.kind === 'device' ? { deviceId: principal.deviceId } : {}),
    });
  }

  /**
   * A token in hello must be the daemon's (the local user: admin). Without one, the device of the upgrade's cookie;
   * without either, only a server that has no token (an in-process test server) takes the connection, as local.
   */
  private authenticate(hello: HelloMessage): Principal | undefined {
    const token = this.deps.token;
    if (hello.token !== undefined) return token === undefined || tokenMatches(hello.token, token) ? LOCAL_PRINCIPAL : undefined;
    if (this.deps.device) return this.deps.device;
    return token === undefined ? LOCAL_PRINCIPAL : undefined;
  }

  /** The one permission check: the table's requirement against this connection's role (deny when either is missing). */
  private allows(required: Requirement | undefined): boolean {
    return this.principal !== undefined && roleAllows(this.principal.role, required);
  }

  private async onRequest(request: RequestMessage): Promise<void> {
    const { id, method } = request;
    // A client past its bound reads nothing: no work is spent on its replies (checkBound disconnects it).
    if (this.queue.checkBound()) return;
    if (!isMethodName(method)) {
      this.send({ type: 'response', id, error: { code: 'unknown_method', message: `unknown method ${method}` } });
      return;
    }
    if (!this.allows(methodTable[method].role)) {
      this.send({ type: 'response', id, error: { code: 'forbidden', message: `${method} needs the ${methodTable[method].role} role; this connection is ${this.principal?.role}` } });
      return;
    }
    if (this.inFlight >= this.limits.maxRequestsInFlight) {
      const message = `${this.inFlight} requests already in flight on this connection; retry once some have answered`;
      this.send({ type: 'response', id, error: { code: 'busy', message } });
      return;
    }
    this.inFlight++;
    try {
      await this.run(request, method);
    } finally {
      this.inFlight--;
    }
  }

  private async run(request: RequestMessage, method: MethodName): Promise<void> {
    const { id } = request;
    let shutdown = false;
    const scope: ConnectionScope = {
      subscribeTerminal: (agentId, lines) => this.terminals.subscribe(agentId, lines),
      unsubscribeTerminal: (agentId) => this.terminals.unsubscribe(agentId),
      ...(this.viewers
        ? { subscribeViewer: (agentId: string, lastFrame: number | undefined) => this.viewers!.subscribe(agentId, lastFrame), unsubscribeViewer: (agentId: string) => this.viewers!.unsubscribe(agentId) }
        : {}),
      subscribeEvents: () => {
        if (this.eventsSub) return;
        const encoder = this.deps.eventEncoder ?? sharedEventEncoder;
        const agents = this.deps.service.onDidChangeAgent((event) => this.sendFrame(encoder.encode(event)));
        // Approval events ride the same subscription: every client's queue and count follow the daemon's.
        const approvals = this.deps.service.onDidChangeApproval?.((event) => this.sendFrame(encoder.encode(event)));
        this.eventsSub = { dispose: () => (agents.dispose(), approvals?.dispose()) };
      },
      shutdownRequested: () => (shutdown = true),
      ...(this.principal ? { principal: this.principal } : {}),
      ...(this.helloClient ? { client: this.helloClient } : {}),
      ...(this.deps.auth ? { auth: this.deps.auth } : {}),
    };
    try {
      const handler = methodTable[method].run as (p: ParamReader, s: SupervisorService, c: ConnectionScope) => Promise<unknown>;
      const result = await handler(new ParamReader(request.params, method), this.deps.service, scope);
      if (this.state === 'closed') return;
      const text = (result as { text?: unknown } | null | undefined)?.text;
      if (isLargeString(text)) {
        // A long log (agent.logs of 10k lines): encoded over several turns instead of stalling the daemon. Its bytes
        // count as queued from now on, so replies in preparation cannot pile up past the client's bound either.
        const release = this.queue.reserve(text.length);
        if (!release) return;
        let frame: Buffer;
        try {
          const build = (t: string) => ({ type: 'response', id, result: { ...(result as object), text: t } });
          frame = await encodeLargeFrame(build, text, { signal: this.gone.signal });
        } finally {
          release();
        }
        this.sendFrame(frame);
      } else this.send({ type: 'response', id, result: result ?? null });
    } catch (err) {
      if (this.state === 'closed') return;
      const e = toPaseoError(err);
      if (e.code === 'internal') log.error('request.failed', { method, error: errorMessage(err) });
      this.send({ type: 'response', id, error: { code: e.code, message: e.message } });
    } finally {
      if (shutdown) setImmediate(() => this.deps.onShutdownRequested());
    }
  }

  private refuse(code: ErrorCode, message: string): void {
    this.goodbye(code, message, CLOSE_POLICY);
  }

  private tooLarge(): void {
    const limit = this.limits.maxMessageBytes;
    this.goodbye('too_large', `a message over the ${limit % MIB === 0 ? `${limit / MIB} MiB` : `${limit} byte`} limit`, CLOSE_TOO_BIG);
  }

  private tooFarBehind(why: string): void {
    log.warn('client.too_far_behind', { client: this.name, why });
    this.goodbye('too_far_behind', why, CLOSE_POLICY);
  }

  /**
   * Ends the connection with its reason: an error message (past the queue's bound, which may be why), then the close
   * (its reason the code). Everything the connection holds is let go at once; the socket gets `closeGraceMs` to flush
   * and close, then is dropped: a peer that stopped reading never sees the reason, and never holds the daemon's memory.
   */
  private goodbye(code: ErrorCode, message: string, closeCode: number): void {
    if (this.state === 'closed') return;
    this.dispose();
    try {
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'error', error: { code, message } }), { binary: false });
      this.ws.close(closeCode, code);
    } catch (err) {
      log.debug('goodbye.failed', { error: errorMessage(err) });
    }
    this.graceTimer = setTimeout(() => this.ws.terminate(), this.limits.closeGraceMs);
    this.graceTimer.unref();
  }

  private sendError(code: ErrorCode, message: string): void {
    this.send({ type: 'error', error: { code, message } });
  }

  private send(message: ServerMessage): void {
    this.sendFrame(JSON.stringify(message));
  }

  private sendFrame(frame: string | Buffer): void {
    if (this.state === 'closed') return;
    this.queue.sendControl(frame);
  }
}

function rawLength(data: RawData): number {
  if (Buffer.isBuffer(data)) return data.length;
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
