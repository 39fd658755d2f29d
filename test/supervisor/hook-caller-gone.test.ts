// A hook whose caller went away (the relay timed out or died) leaves nothing pending: its request is cancelled at
// once, audited as a cancel, and a decision on it is told the request no longer waits.
import { describe, expect, it } from 'vitest';
import type { AgentAdapter } from '../../src/core/adapter.js';
import { PaseoError } from '../../src/core/errors.js';
import { ApprovalBroker, type ApprovalChange } from '../../src/supervisor/approval-broker.js';
import { handleHookCall } from '../../src/supervisor/handle-hook-call.js';
import { HOOK_SECRET, hookDeps, nextRequest } from './helpers/hook-deps.js';

const permAdapter = {
  name: 'permy',
  parseHook: (name: string, payload: { command?: string }) =>
    name === 'Perm' ? { kind: 'permission', request: { tool: 'Bash', command: payload.command } } : { kind: 'ignored' },
} as unknown as AgentAdapter;

function thrown(fn: () => void): PaseoError {
  try {
    fn();
  } catch (err) {
    return err as PaseoError;
  }
  throw new Error('did not throw');
}

describe('approval broker: cancelled requests', () => {
  it('cancelOne denies the request, fires a cancel, and a later decision is told it no longer waits', async () => {
    const broker = new ApprovalBroker(60_000);
    const changes: ApprovalChange[] = [];
    broker.onDidChange((c) => changes.push(c));
    const { id, decision } = broker.request('a1', { tool: 'Bash', command: 'git push' });
    expect(broker.cancelOne(id, "the agent's hook gave up waiting", 'its hook disconnected')).toBe(true);
    expect(await decision).toEqual({ behavior: 'deny', message: "the agent's hook gave up waiting" });
    expect(changes.at(-1)).toMatchObject({ kind: 'decided', requestId: id, by: 'cancel', decision: { behavior: 'deny' } });
    expect(broker.list()).toEqual([]);
    const err = thrown(() => broker.decideOrThrow(id, { behavior: 'allow' }));
    expect(err).toBeInstanceOf(PaseoError);
    expect(err.code).toBe('not_pending');
    expect(err.message).toBe(`request ${id} is no longer waiting (its hook disconnected)`);
    expect(thrown(() => broker.decideOrThrow('nope', { behavior: 'allow' })).code).toBe('not_found');
    expect(broker.cancelOne(id, 'again', 'again')).toBe(false);
    broker.dispose();
  });

  it('a request cancelled because the agent exited says so when decided late', () => {
    const broker = new ApprovalBroker(60_000);
    const { id } = broker.request('a1', { tool: 'Edit' });
    broker.cancel('the agent exited', 'a1');
    expect(thrown(() => broker.decideOrThrow(id, { behavior: 'allow' })).message).toBe(`request ${id} is no longer waiting (the agent exited)`);
    broker.dispose();
  });
});

describe('hook call whose caller went away', () => {
  it('cancels its pending request at once and the agent stops waiting', async () => {
    const { deps, broker, session } = hookDeps(permAdapter);
    const changes: ApprovalChange[] = [];
    broker.onDidChange((c) => changes.push(c));
    const gone = new AbortController();
    const reply = handleHookCall(deps, { agentId: 'a1', secret: HOOK_SECRET, event: 'Perm', payload: { command: 'git push' }, signal: gone.signal });
    const id = await nextRequest(broker);
    expect(session.status).toBe('waiting');
    gone.abort();
    expect((await reply).body).toEqual({ behavior: 'deny', message: "the agent's hook gave up waiting" });
    expect(broker.list()).toEqual([]);
    expect(changes.find((c) => c.kind === 'decided')).toMatchObject({ requestId: id, by: 'cancel' });
    expect(session.status).toBe('running');
    expect(session.held).toBe(0);
    expect(thrown(() => broker.decideOrThrow(id, { behavior: 'allow' })).code).toBe('not_pending');
    broker.dispose();
  });

  it('a caller already gone when its hook is handled queues nothing that stays', async () => {
    const { deps, broker } = hookDeps(permAdapter);
    const gone = new AbortController();
    gone.abort();
    const reply = await handleHookCall(deps, { agentId: 'a1', secret: HOOK_SECRET, event: 'Perm', payload: { command: 'x' }, signal: gone.signal });
    expect(reply.body).toMatchObject({ behavior: 'deny' });
    expect(broker.list()).toEqual([]);
    broker.dispose();
  });

  it('a caller that stays gets the decision; its signal is left without listeners', async () => {
    const { deps, broker } = hookDeps(permAdapter);
    const caller = new AbortController();
    const reply = handleHookCall(deps, { agentId: 'a1', secret: HOOK_SECRET, event: 'Perm', payload: { command: 'ls' }, signal: caller.signal });
    const id = await nextRequest(broker);
    broker.decideOrThrow(id, { behavior: 'allow' });
    expect((await reply).body).toEqual({ behavior: 'allow' });
    caller.abort(); // the connection closing after its answer cancels nothing
    // A second decision is told the first one won.
    const again = thrown(() => broker.decideOrThrow(id, { behavior: 'allow' }));
    expect(again.code).toBe('not_pending');
    expect(again.message).toBe(`request ${id} was already decided (allowed)`);
    broker.dispose();
  });
});
