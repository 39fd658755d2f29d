// A blocking MCP call's report: what an agent waiting for a permission waits for, and progress while it blocks.
import { describe, expect, it } from 'vitest';
import type { AgentRecord, WaitResult } from '../../src/core/agent.js';
import type { PaseoApi } from '../../src/core/api.js';
import { blockAndReport } from '../../src/mcp/agent-answer.js';
import type { ToolContext } from '../../src/mcp/tool.js';

const waiting: AgentRecord = { id: 'a1', title: 'fixer', provider: 'claude', model: 'sonnet', mode: 'default', cwd: '/w', status: 'waiting', cols: 80, rows: 24, createdAt: '', updatedAt: '' };

describe('blockAndReport', () => {
  it('reports progress on each slice until the agent settles, then says what it waits for, with its last lines', async () => {
    const outcomes: WaitResult[] = [
      { outcome: 'timeout', agent: { ...waiting, status: 'running' } },
      { outcome: 'timeout', agent: { ...waiting, status: 'running' } },
      { outcome: 'waiting', agent: waiting },
    ];
    const slices: Array<number | undefined> = [];
    const api = {
      waitForAgent: async (_id: string, opts: { timeoutMs?: number }) => {
        slices.push(opts.timeoutMs);
        return outcomes.shift()!;
      },
      listApprovals: async () => [
        { id: 'r1', agentId: 'a1', tool: 'Bash', command: 'git push origin main', createdAt: '', deadlineAt: '' },
        { id: 'r2', agentId: 'other', tool: 'Bash', command: 'ls', createdAt: '', deadlineAt: '' },
      ],
      readLogs: async () => 'line one\nDo you want to run git push?\n\n',
    } as unknown as PaseoApi;
    const progress: string[] = [];
    const ctx: ToolContext = { api, signal: new AbortController().signal, progressIntervalMs: 10, progress: async (m) => void progress.push(m) };
    const report = await blockAndReport(ctx, 'a1');
    expect(slices).toEqual([10, 10, 10]);
    expect(progress).toEqual(['agent a1 is running', 'agent a1 is running']);
    expect(report).toMatchObject({ agentId: 'a1', provider: 'claude/sonnet', outcome: 'waiting', waitingFor: ['Bash: git push origin main'], lastAnswer: 'line one\nDo you want to run git push?' });
  });
});
