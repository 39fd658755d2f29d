// An agent acting through MCP has an operator's reach: it cannot decide approvals or add rules, whatever tool asks.
import { describe, expect, it } from 'vitest';
import { agentApi } from '../../../src/server/auth/agent-api.js';
import { ALL_TOOLS } from '../../../src/mcp/tools/index.js';
import { FakeService } from '../fake-service.js';

describe('agent API (MCP)', () => {
  it('has no decideApproval, addPolicyRule or shutdown, and keeps everything else working', async () => {
    const fake = new FakeService();
    fake.approvals.push({ id: 'r1', agentId: 'a001', tool: 'Bash', command: 'git push', createdAt: '', deadlineAt: '' } as never);
    const api = agentApi(fake as FakeService & { addPolicyRule?: unknown });
    expect(api.decideApproval).toBeUndefined();
    expect(api.addPolicyRule).toBeUndefined();
    expect(api.shutdown).toBeUndefined();
    expect('decideApproval' in api).toBe(false);
    expect(await api.listApprovals()).toHaveLength(1);
    const agent = await api.createAgent({ title: 'x' });
    expect((await api.listAgents()).map((a) => a.id)).toEqual([agent.id]);
    expect(fake.decisions).toEqual([]);
    fake.dispose();
  });

  it('no MCP tool is named for deciding approvals', () => {
    const names = ALL_TOOLS.map((t) => (t as unknown as { name: string }).name);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).not.toMatch(/approve|decide|allow|deny|permit_/i);
  });
});
