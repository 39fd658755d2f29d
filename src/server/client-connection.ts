/**
 * One WebSocket client after the upgrade checks passed: hello/auth, request dispatch, input,
 * event and terminal streams. Socket callbacks never throw; every failure becomes an error reply.
 */
import type { RawData } from 'ws';
import { WebSocket } from './ws-module.js';
import type { SupervisorService } from '../core/api.js';
import { Protocol } from '../core/constants.js';
import { type Disposable } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import { errorMessage, toPaseoError, type ErrorCode } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { PROTOCOL_VERSION, type HelloMessage, type RequestMessage, type ServerMessage } from '../core/protocol.js';
import { decodeClientMessage } from './client-message-codec.js';
import { encodeLargeFrame, isLargeString } from './large-frame.js';
import { ClientQueue, DEFAULT_BATCH } from './client-queue.js';
import { ClientTerminals } from './client-terminals.js';
import { isMethodName, methodTable, type ConnectionScope } from './method-table.js';
import { ParamReader } from './param-reader.js';
import { tokenMatches } from './token-check.js';

const log = createLogger('server.connection');

/** Close code for a refused hello (bad token, wrong version, no hello): RFC 6455 "policy violation". */
const CLOSE_POLICY = 1008;

export interface ConnectionDeps {
  service: SupervisorService;
  /** When set, hello must carry it. */
  token: string | undefined;
  version: string;
  onShutdownRequested(): void;
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
  on(event: 'pong' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export class ClientConnection implements Disposable {
  private state: 'hello' | 'ready' | 'closed' = 'hello';
  private name = 'unidentified';
  private readonly queue: ClientQueue;
  private readonly terminals: ClientTerminals;
  private eventsSub: Disposable | undefined;
  private helloTimer: NodeJS.Timeout | undefined;
  private sawPong = true;
  private readonly onDidCloseEmitter = new Emitter<void>();
  readonly onDidClose: Event<void> = this.onDidCloseEmitter.event;

  constructor(
    private readonly ws: ClientSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.queue = new ClientQueue({
      get unsentBytes() {
        return ws.bufferedAmount;
      },
      send: (frame) => {
        // A Buffer is the UTF-8 of a JSON frame shared by every client: sent as text, without copying it per client.
        if (ws.readyState === WebSocket.OPEN) ws.send(frame, { binary: false });
      },
    }, undefined, DEFAULT_BATCH);
    this.terminals = new ClientTerminals({
      service: deps.service,
      queue: this.queue,
      sendError: (m) => this.send(m),
      // Nothing queued reaches a client this far behind, so there is no goodbye to send: drop it.
      onTooFarBehind: () => this.terminate(),
      clientName: () => this.name,
    });
    this.helloTimer = setTimeout(() => this.refuse('timeout', 'no hello within the deadline'), Protocol.HELLO_TIMEOUT_MS);
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('pong', () => (this.sawPong = true));
    ws.on('error', (err) => log.debug('socket.error', { error: err.message }));
    ws.on('close', () => this.dispose());
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
    this.eventsSub?.dispose();
    this.terminals.dispose();
    this.queue.dispose();
    this.onDidCloseEmitter.fire();
    this.onDidCloseEmitter.dispose();
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
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
    }
  }

  private onHello(hello: HelloMessage): void {
    if (hello.protocol !== PROTOCOL_VERSION) {
      return this.refuse('protocol_version', `protocol ${hello.protocol} is not supported; this daemon speaks ${PROTOCOL_VERSION}`);
    }
    // Never log the presented token (ttyd's mistake); only that it failed.
    if (this.deps.token !== undefined && !tokenMatches(hello.token, this.deps.token)) {
      log.warn('hello.unauthorized', { client: hello.client.kind });
      return this.refuse('unauthorized', 'invalid or missing token');
    }
    if (this.helloTimer) clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    this.state = 'ready';
    this.name = hello.client.name ? `${hello.client.kind}:${hello.client.name}` : hello.client.kind;
    this.send({ type: 'welcome', protocol: PROTOCOL_VERSION, version: this.deps.version, pid: process.pid });
  }

  private async onRequest(request: RequestMessage): Promise<void> {
    const { id, method } = request;
    if (!isMethodName(method)) {
      this.send({ type: 'response', id, error: { code: 'unknown_method', message: `unknown method ${method}` } });
      return;
    }
    let shutdown = false;
    const scope: ConnectionScope = {
      subscribeTerminal: (agentId, lines) => this.terminals.subscribe(agentId, lines),
      unsubscribeTerminal: (agentId) => this.terminals.unsubscribe(agentId),
      subscribeEvents: () => {
        this.eventsSub ??= this.deps.service.onDidChangeAgent((event) => this.send({ type: 'event', event }));
      },
      shutdownRequested: () => (shutdown = true),
    };
    try {
      const handler = methodTable[method] as (p: ParamReader, s: SupervisorService, c: ConnectionScope) => Promise<unknown>;
      const result = await handler(new ParamReader(request.params, method), this.deps.service, scope);
      const text = (result as { text?: unknown } | null | undefined)?.text;
      if (isLargeString(text)) {
        // A long log (agent.logs of 10k lines): encoded over several turns instead of stalling the daemon.
        const frame = await encodeLargeFrame((t) => ({ type: 'response', id, result: { ...(result as object), text: t } }), text);
        if (this.state !== 'closed') this.queue.sendControl(frame);
      } else this.send({ type: 'response', id, result: result ?? null });
    } catch (err) {
      const e = toPaseoError(err);
      if (e.code === 'internal') log.error('request.failed', { method, error: errorMessage(err) });
      this.send({ type: 'response', id, error: { code: e.code, message: e.message } });
    }
    if (shutdown) setImmediate(() => this.deps.onShutdownRequested());
  }

  private refuse(code: ErrorCode, message: string): void {
    if (this.state === 'closed') return;
    this.send({ type: 'error', error: { code, message } });
    this.ws.close(CLOSE_POLICY, code);
    this.dispose();
  }

  private sendError(code: ErrorCode, message: string): void {
    this.send({ type: 'error', error: { code, message } });
  }

  private send(message: ServerMessage): void {
    if (this.state === 'closed') return;
    this.queue.sendControl(JSON.stringify(message));
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
