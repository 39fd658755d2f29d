/** The dispatch table: one entry per protocol method, params validated, then one service call. */
import { AGENT_MODES, AGENT_STATUSES, type AgentFilter, type CreateAgentOptions } from '../core/agent.js';
import type { SupervisorService } from '../core/api.js';
import { History, Server } from '../core/constants.js';
import type { MethodName, Methods } from '../core/protocol.js';
import { ParamReader, compact } from './param-reader.js';
import { PaseoError } from '../core/errors.js';

/** What a method may ask of the connection it arrived on (subscriptions are per client). */
export interface ConnectionScope {
  subscribeTerminal(agentId: string, scrollbackLines: number | undefined): Promise<void>;
  unsubscribeTerminal(agentId: string): void;
  subscribeEvents(): void;
  /** The daemon should exit once this request's reply is on its way. */
  shutdownRequested(): void;
}

type Handler<M extends MethodName> = (
  p: ParamReader,
  service: SupervisorService,
  scope: ConnectionScope,
) => Promise<Methods[M]['result']>;

const MAX_DIM = Server.MAX_TERMINAL_DIMENSION;
const MAX_TIMEOUT_MS = 7 * 24 * 3_600_000;

export const methodTable: { [M in MethodName]: Handler<M> } = {
  'agent.create': (p, s) => s.createAgent(readCreateOptions(p)),
  'agent.list': (p, s) => s.listAgents(readFilter(p)),
  'agent.get': (p, s) => s.getAgent(p.string('agentId')),
  'agent.send': (p, s) =>
    s.sendText(p.string('agentId'), p.stringAllowEmpty('text'), compact({ interrupt: p.optBool('interrupt'), queue: p.optBool('queue') })),
  'agent.resize': async (p, s) => {
    await s.resize(p.string('agentId'), p.int('cols', 1, MAX_DIM), p.int('rows', 1, MAX_DIM));
    return null;
  },
  'agent.stop': (p, s) => s.stopAgent(p.string('agentId')),
  'agent.archive': (p, s) => s.archiveAgent(p.string('agentId')),
  'agent.restart': async (p, s) => optional(s.restartAgent?.bind(s), 'restart')(p.string('agentId')),
  'agent.rename': async (p, s) => optional(s.renameAgent?.bind(s), 'rename')(p.string('agentId'), p.string('title')),
  'agent.remove': async (p, s) => {
    await optional(s.removeAgent?.bind(s), 'remove')(p.string('agentId'));
    return null;
  },
  'agent.seen': (p, s) => optional(s.markSeen?.bind(s), 'clear attention of')(p.string('agentId')),
  'agent.wait': (p, s) => s.waitForAgent(p.string('agentId'), compact({ timeoutMs: p.optInt('timeoutMs', 0, MAX_TIMEOUT_MS) })),
  'agent.logs': async (p, s) => ({
    text: await s.readLogs(p.string('agentId'), compact({ tail: p.optInt('tail', 0, 10_000_000), ansi: p.optBool('ansi') })),
  }),
  'history.read': (p, s) =>
    s.readHistory(
      p.string('agentId'),
      compact({ fromLine: p.optInt('fromLine', 0, Number.MAX_SAFE_INTEGER), count: p.int('count', 0, History.READ_MAX_LINES), format: p.optOneOf('format', ['ansi', 'text'] as const) }),
    ),
  'terminal.subscribe': async (p, _s, scope) => {
    await scope.subscribeTerminal(p.string('agentId'), p.optInt('scrollbackLines', 0, 10_000_000));
    return null;
  },
  'terminal.unsubscribe': async (p, _s, scope) => {
    scope.unsubscribeTerminal(p.string('agentId'));
    return null;
  },
  'events.subscribe': async (_p, _s, scope) => {
    scope.subscribeEvents();
    return null;
  },
  'daemon.health': (_p, s) => s.health(),
  'daemon.shutdown': async (_p, s, scope) => {
    await s.shutdown();
    scope.shutdownRequested();
    return null;
  },
  'provider.list': (_p, s) => s.listProviders(),
  'permit.list': async (_p, s) => (s.listApprovals ? s.listApprovals() : []),
  'permit.decide': async (p, s) => {
    if (!s.decideApproval) throw new PaseoError('unknown_method', 'this daemon has no approval queue');
    const behavior = p.optOneOf('behavior', ['allow', 'deny'] as const);
    if (!behavior) throw new PaseoError('bad_request', 'behavior must be allow or deny');
    await s.decideApproval(p.string('requestId'), behavior === 'allow' ? { behavior } : { behavior, message: p.optString('message') ?? 'denied' });
    return null;
  },
};

/** A service method older services lack (pass it bound), or a typed error saying so. */
function optional<F extends (...args: never[]) => unknown>(method: F | undefined, what: string): F {
  if (!method) throw new PaseoError('unknown_method', `this daemon cannot ${what} agents`);
  return method;
}

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
