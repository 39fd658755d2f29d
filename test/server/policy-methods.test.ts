// permit.decide carries who decided, taken from the connection (never from the params); policy and audit methods
// reach the service with their params read and checked.
import { describe, expect, it, vi } from 'vitest';
import type { SupervisorService } from '../../src/core/api.js';
import { methodTable, type ConnectionScope } from '../../src/server/method-table.js';
import { ParamReader } from '../../src/server/param-reader.js';

function scope(extra: Partial<ConnectionScope>): ConnectionScope {
  return { subscribeTerminal: async () => {}, unsubscribeTerminal: () => {}, subscribeEvents: () => {}, shutdownRequested: () => {}, ...extra };
}

describe('policy and audit methods', () => {
  it('permit.decide attaches the connection as the actor, whatever the params say', async () => {
    const decideApproval = vi.fn(async () => {});
    const service = { decideApproval } as unknown as SupervisorService;
    const params = { requestId: 'r1', behavior: 'deny', message: 'no', contentHash: 'c'.repeat(64), actor: { kind: 'forged' } };
    await methodTable['permit.decide'].run(
      new ParamReader(params, 'permit.decide'),
      service,
      scope({ client: { kind: 'tui', name: 'laptop' }, principal: { kind: 'device', deviceId: 'd1', label: 'phone', role: 'approver' } }),
    );
    expect(decideApproval).toHaveBeenCalledWith('r1', { behavior: 'deny', message: 'no' }, { actor: { kind: 'tui', label: 'phone', deviceId: 'd1', role: 'approver' }, contentHash: 'c'.repeat(64) });
    await methodTable['permit.decide'].run(new ParamReader({ requestId: 'r2', behavior: 'allow' }, 'permit.decide'), service, scope({ client: { kind: 'cli', name: 'me' }, principal: { kind: 'local', role: 'admin' } }));
    expect(decideApproval).toHaveBeenLastCalledWith('r2', { behavior: 'allow' }, { actor: { kind: 'cli', label: 'me', role: 'admin' } });
  });

  it('policy.addRule is an approver\'s right; reading is a viewer\'s', async () => {
    expect(methodTable['policy.addRule'].role).toBe('approver');
    for (const m of ['policy.list', 'policy.test', 'audit.read', 'audit.verify'] as const) expect(methodTable[m].role).toBe('viewer');
    const addPolicyRule = vi.fn(async () => ({ rule: { action: 'allow' as const }, source: 'config' as const, position: 1, label: 'config #1' }));
    await methodTable['policy.addRule'].run(new ParamReader({ requestId: 'r1', scope: 'project', dryRun: true }, 'policy.addRule'), { addPolicyRule } as unknown as SupervisorService, scope({}));
    expect(addPolicyRule).toHaveBeenCalledWith({ requestId: 'r1', scope: 'project', dryRun: true });
    await expect(methodTable['policy.addRule'].run(new ParamReader({ scope: 'galaxy' }, 'policy.addRule'), { addPolicyRule } as unknown as SupervisorService, scope({}))).rejects.toMatchObject({ code: 'bad_request' });
  });
});
