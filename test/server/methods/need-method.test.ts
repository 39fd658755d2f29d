// A service that lacks an optional method (an older daemon) answers with one typed unknown_method error naming what
// it cannot do, the same way for every method table file.
import { describe, expect, it } from 'vitest';
import type { SupervisorService } from '../../../src/core/api.js';
import { methodTable, type ConnectionScope } from '../../../src/server/method-table.js';
import { ParamReader } from '../../../src/server/param-reader.js';
import type { MethodName } from '../../../src/core/protocol.js';

const scope: ConnectionScope = { subscribeTerminal: async () => {}, unsubscribeTerminal: () => {}, subscribeEvents: () => {}, shutdownRequested: () => {} };
const bare = {} as SupervisorService;

const cases: Array<[MethodName, Record<string, unknown>, string]> = [
  ['agent.restart', { agentId: 'a1' }, 'this daemon cannot restart agents'],
  ['agent.seen', { agentId: 'a1' }, 'this daemon cannot clear attention of agents'],
  ['worktree.list', { cwd: '/tmp' }, 'this daemon has no worktrees'],
  ['schedule.list', {}, 'this daemon has no schedules'],
  ['schedule.delete', { scheduleId: 's1' }, 'this daemon has no schedules'],
  ['policy.list', {}, 'this daemon has no policy rules'],
  ['audit.verify', {}, 'this daemon has no audit log'],
];

describe('methods a service lacks', () => {
  it.each(cases)('%s answers unknown_method', async (method, params, message) => {
    const run = methodTable[method].run as (p: ParamReader, s: SupervisorService, c: ConnectionScope) => Promise<unknown>;
    // agent.seen's handler is not async: it throws at once, which the connection's await catches the same way.
    await expect((async () => run(new ParamReader(params, method), bare, scope))()).rejects.toMatchObject({ code: 'unknown_method', message });
  });
});
