/**
 * The dispatch table: one entry per protocol method with the role it needs (the one place that says what each role
 * may do, DESIGN §8), params validated, then one service call. Messages other than requests have their entry in
 * `messageRoles`. The connection checks its principal against the entry before anything runs; a method or message
 * with no entry is refused.
 *
 * Agents acting through MCP never reach `permit.decide`: their API (auth/agent-api.ts) has no decideApproval.
 */
import { AGENT_MODES, AGENT_STATUSES, type AgentFilter, type CreateAgentOptions } from '../core/agent.js';
import type { SupervisorService } from '../core/api.js';
import { History, Server } from '../core/constants.js';
import { ROLES, type ClientMessage, type MethodName, type Methods } from '../core/protocol.js';
import { Auth } from '../core/constants.js';
import type { AuthService } from './auth/auth-service.js';
import type { Principal } from './auth/principal.js';
import type { Requirement } from './auth/roles.js';
import { ParamReader, compact } from './param-reader.js';
import { PaseoError } from '../core/errors.js';
import { diffMethods } from './methods/diff-methods.js';
import { approvalMethods } from './methods/approval-methods.js';
import { worktreeMethods } from './methods/worktree-methods.js';
import { scheduleMethods } from './methods/schedule-methods.js';
import { actorOf, policyMethods } from './methods/policy-methods.js';
import { needMethod } from './methods/need-method.js';

/** What a method may ask of the connection it arrived on (subscriptions are per client). */
export interface ConnectionScope {
  subscribeTerminal(agentId: string, scrollbackLines: number | undefined): Promise<void>;
  unsubscribeTerminal(agentId: string): void;
  /** The viewer stream of an agent (frames of its screen), resuming after `lastFrame` when it is still known. */
  subscribeViewer?(agentId: string, lastFrame: number | undefined): Promise<void>;
  unsubscribeViewer?(agentId: string): void;
  subscribeEvents(): void;
  /** The daemon should exit once this request's reply is on its way. */
  shutdownRequested(): void;
  /** Who sent the request (its role was checked against the entry already). */
  readonly principal?: Principal;
  /** The client's hello (kind and name): with the principal, the actor of a decision. */
  readonly client?: { kind: string; name?: string };
  /** Devices and pairing; absent where the server has none (in-process tests). */
  readonly auth?: AuthService;
}

type Handler<M extends MethodName> = (
  p: ParamReader,
  service: SupervisorService,
  scope: ConnectionScope,
) => Promise<Methods[M]['result']>;

interface Entry<M extends MethodName> {
  /** The least role that may call it (roles.ts orders them). */
  role: Requirement;
  run: Handler<M>;
}

/**
 * Messages other than requests, by type: hello is for anyone (it authenticates), a request is checked per method
 * above, input types into a PTY. A new client message type does not compile without its entry here.
 */
export const messageRoles: { [T in ClientMessage['type']]: Requirement } = {
  hello: 'any',
  request: 'any',
  input: 'operator',
  /** A viewer acknowledging the frames of its stream. */
  ack: 'viewer',
};

const MAX_DIM = Server.MAX_TERMINAL_DIMENSION;
const MAX_TIMEOUT_MS = 7 * 24 * 3_600_000;

export const methodTable: { [M in MethodName]: Entry<M> } = {
  ...diffMethods,
  ...approvalMethods,
  ...worktreeMethods,
  ...scheduleMethods,
  ...policyMethods,
  'agent.create': { role: 'operator', run: (p, s) => s.createAgent(readCreateOptions(p)) },
  'agent.list': { role: 'viewer', run: (p, s) => s.listAgents(readFilter(p)) },
  'agent.get': { role: 'viewer', run: (p, s) => s.getAgent(p.string('agentId')) },
  'agent.send': { role: 'operator', run: (p, s) =>
    s.sendText(p.string('agentId'), p.stringAllowEmpty('text'), compact({ interrupt: p.optBool('interrupt'), queue: p.optBool('queue') })) },
  'agent.resize': { role: 'operator', run: async (p, s) => {
    await s.resize(p.string('agentId'), p.int('cols', 1, MAX_DIM), p.int('rows', 1, MAX_DIM));
    return null;
  } },
  'agent.stop': { role: 'operator', run: (p, s) => s.stopAgent(p.string('agentId')) },
  'agent.archive': { role: 'operator', run: (p, s) => s.archiveAgent(p.string('agentId')) },
  'agent.restart': { role: 'operator', run: async (p, s) => optional(s.restartAgent?.bind(s), 'restart')(p.string('agentId')) },
  'agent.rename': { role: 'operator', run: async (p, s) => optional(s.renameAgent?.bind(s), 'rename')(p.string('agentId'), p.string('title')) },
  'agent.remove': { role: 'operator', run: async (p, s) => {
    await optional(s.removeAgent?.bind(s), 'remove')(p.string('agentId'));
    return null;
  } },
  'agent.seen': { role: 'viewer', run: (p, s) => optional(s.markSeen?.bind(s), 'clear attention of')(p.string('agentId')) },
  'agent.wait': { role: 'viewer', run: (p, s) => s.waitForAgent(p.string('agentId'), compact({ timeoutMs: p.optInt('timeoutMs', 0, MAX_TIMEOUT_MS) })) },
  'agent.logs': { role: 'viewer', run: async (p, s) => ({
    text: await s.readLogs(p.string('agentId'), compact({ tail: p.optInt('tail', 0, 10_000_000), ansi: p.optBool('ansi') })),
  }) },
  'history.read': { role: 'viewer', run: (p, s) =>
    s.readHistory(
      p.string('agentId'),
      compact({ fromLine: p.optInt('fromLine', 0, Number.MAX_SAFE_INTEGER), count: p.int('count', 0, History.READ_MAX_LINES), format: p.optOneOf('format', ['ansi', 'text'] as const) }),
    ) },
  'terminal.subscribe': { role: 'viewer', run: async (p, _s, scope) => {
    // `viewer: true`: the screen's state in frames (viewer stream), not its bytes; lastFrame resumes after a reconnect.
    if (p.optBool('viewer')) {
      if (!scope.subscribeViewer) throw new PaseoError('unknown_method', 'this connection has no viewer stream');
      await scope.subscribeViewer(p.string('agentId'), p.optInt('lastFrame', 0, Number.MAX_SAFE_INTEGER));
      return null;
    }
    await scope.subscribeTerminal(p.string('agentId'), p.optInt('scrollbackLines', 0, 10_000_000));
    return null;
  } },
  'terminal.unsubscribe': { role: 'viewer', run: async (p, _s, scope) => {
    scope.unsubscribeTerminal(p.string('agentId'));
    scope.unsubscribeViewer?.(p.string('agentId'));
    return null;
  } },
  'events.subscribe': { role: 'viewer', run: async (_p, _s, scope) => {
    scope.subscribeEvents();
    return null;
  } },
  'daemon.health': {
    role: 'viewer',
    run: async (_p, s, scope) => ({ ...(await s.health()), ...(scope.auth ? { devices: scope.auth.connectedDevices() } : {}) }),
  },
  'daemon.shutdown': { role: 'admin', run: async (_p, s, scope) => {
    await s.shutdown();
    scope.shutdownRequested();
    return null;
  } },
  'provider.list': { role: 'viewer', run: (_p, s) => s.listProviders() },
  'permit.list': { role: 'viewer', run: async (_p, s) => (s.listApprovals ? s.listApprovals() : []) },
  'permit.decide': { role: 'approver', run: async (p, s, scope) => {
    if (!s.decideApproval) throw new PaseoError('unknown_method', 'this daemon has no approval queue');
    const behavior = p.optOneOf('behavior', ['allow', 'deny'] as const);
    if (!behavior) throw new PaseoError('bad_request', 'behavior must be allow or deny');
    const interrupt = behavior === 'deny' && p.optBool('interrupt') === true ? { interrupt: true } : {};
    // The decision carries who took it, from the connection (never from the params): the audit log records it.
    const bound = compact({ actor: actorOf(scope), contentHash: p.optString('contentHash') });
    await s.decideApproval(p.string('requestId'), behavior === 'allow' ? { behavior } : { behavior, message: p.optString('message') ?? 'denied' }, { ...interrupt, ...bound });
    return null;
  } },
  'devices.pair': {
    role: 'admin',
    run: async (p, _s, scope) =>
      authOf(scope).pair(p.optOneOf('role', ROLES) ?? 'viewer', p.optString('label') ?? 'device', p.optInt('ttlMs', 1, Auth.PAIR_MAX_TTL_MS)),
  },
  'devices.list': { role: 'admin', run: async (_p, _s, scope) => authOf(scope).list() },
  'devices.revoke': { role: 'admin', run: (p, _s, scope) => authOf(scope).revoke(p.string('deviceId')) },
};

function authOf(scope: ConnectionScope): AuthService {
  if (!scope.auth) throw new PaseoError('unknown_method', 'this server has no devices');
  return scope.auth;
}

/** A service method older services lack (pass it bound), or a typed error saying so. */
const optional = <F>(method: F | undefined, what: string): F => needMethod(method, `cannot ${what} agents`);

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methodTable, name);
}

function readCreateOptions(p: ParamReader): CreateAgentOptions {
  return compact({
    provider: p.optString('provider'),
    command: p.optStringArray('command'),
    cwd: p.optString('cwd'),
    title: p.optString('title'),
    prompt: p.optString('prompt'),
    mode: p.optOneOf('mode', AGENT_MODES),
    cols: p.optInt('cols', 1, MAX_DIM),
    rows: p.optInt('rows', 1, MAX_DIM),
    parentAgentId: p.optString('parentAgentId'),
    notifyOnFinish: p.optBool('notifyOnFinish'),
    env: p.optStringRecord('env'),
  });
}

function readFilter(p: ParamReader): AgentFilter {
  return compact({
    cwd: p.optString('cwd'),
    statuses: p.optEnumArray('statuses', AGENT_STATUSES),
    sinceHours: p.optNumber('sinceHours', 0),
    includeArchived: p.optBool('includeArchived'),
  });
}
