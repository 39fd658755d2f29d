// Codex asks PreToolUse, then PermissionRequest for the same call: the second gets the first's decision — never an
// allow for merely having been asked — and waits for it while it is pending.
import { describe, expect, it } from 'vitest';
import codex from '../../adapters/codex/index.js';
import { parseCodexHook } from '../../adapters/codex/hooks.js';
import type { HookReply } from '../../src/core/api.js';
import { handleHookCall } from '../../src/supervisor/handle-hook-call.js';
import { HOOK_SECRET, hookDeps, nextRequest } from '../supervisor/helpers/hook-deps.js';

const base = { session_id: 's1', turn_id: 't1', cwd: '/p', tool_name: 'Bash' };
const bash = (command: string, over: Record<string, unknown> = {}) => ({ ...base, ...over, tool_input: { command } });
const ALLOW = { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } };

/** Lets every callback already due run (the hook call's awaits), without waiting on a clock. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('Codex call keys', () => {
  it('PreToolUse opens a call, PermissionRequest for the same call follows it; other calls and turns differ', () => {
    const pre = parseCodexHook('PreToolUse', bash('echo a'));
    const ask = parseCodexHook('PermissionRequest', { ...base, tool_input: { command: 'echo a', description: 'why' } });
    expect(pre).toMatchObject({ kind: 'permission', call: { key: expect.any(String) } });
    expect(pre).not.toHaveProperty('call.followUp');
    expect(ask).toMatchObject({ kind: 'permission', call: { followUp: true } });
    if (pre.kind !== 'permission' || ask.kind !== 'permission') throw new Error('not permission events');
    expect(ask.call!.key).toBe(pre.call!.key);
    const keyOf = (e: ReturnType<typeof parseCodexHook>) => (e.kind === 'permission' ? e.call?.key : undefined);
    expect(keyOf(parseCodexHook('PermissionRequest', bash('echo b')))).not.toBe(pre.call!.key);
    expect(keyOf(parseCodexHook('PermissionRequest', bash('echo a', { turn_id: 't2' })))).not.toBe(pre.call!.key);
    expect(keyOf(parseCodexHook('PermissionRequest', bash('echo a', { session_id: 's2' })))).not.toBe(pre.call!.key);
    // No decision rides on the event any more: only the supervisor's queue decides.
    expect(ask).not.toHaveProperty('decided');
  });
});

describe('Codex PermissionRequest after PreToolUse, through the hook handler', () => {
  const call = (event: string, command: string) => ({ agentId: 'a1', secret: HOOK_SECRET, event, payload: bash(command) });

  it('waits while the PreToolUse is pending and gets its deny; no second request is queued', async () => {
    const { deps, broker } = hookDeps(codex);
    const pre = handleHookCall(deps, call('PreToolUse', 'git push'));
    const id = await nextRequest(broker);
    let followUp: HookReply | undefined;
    const asked = handleHookCall(deps, call('PermissionRequest', 'git push')).then((r) => (followUp = r));
    await settle();
    expect(followUp).toBeUndefined();
    expect(broker.list().map((r) => r.id)).toEqual([id]);
    broker.decide(id, { behavior: 'deny', message: 'not on main' });
    expect((await pre).body).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny', permissionDecisionReason: 'not on main' } });
    await asked;
    expect(followUp!.body).toEqual({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: 'not on main' } } });
    broker.dispose();
  });

  it('waits while the PreToolUse is pending and gets its allow once a person allows', async () => {
    const { deps, broker } = hookDeps(codex);
    const pre = handleHookCall(deps, call('PreToolUse', 'npm publish'));
    const id = await nextRequest(broker);
    const asked = handleHookCall(deps, call('PermissionRequest', 'npm publish'));
    await settle();
    broker.decide(id, { behavior: 'allow' });
    expect((await pre).body).toEqual({});
    expect((await asked).body).toEqual(ALLOW);
    broker.dispose();
  });

  it('a call whose PreToolUse was denied is denied at PermissionRequest without asking again', async () => {
    const { deps, broker } = hookDeps(codex);
    const pre = handleHookCall(deps, call('PreToolUse', 'rm -rf /'));
    broker.decide(await nextRequest(broker), { behavior: 'deny', message: 'no' });
    await pre;
    const reply = await handleHookCall(deps, call('PermissionRequest', 'rm -rf /'));
    expect(reply.body).toMatchObject({ hookSpecificOutput: { decision: { behavior: 'deny', message: 'no' } } });
    expect(broker.list()).toEqual([]);
    broker.dispose();
  });

  it('a call whose PreToolUse was allowed is allowed once; an ask with no PreToolUse, or after the turn, is queued', async () => {
    const { deps, broker } = hookDeps(codex);
    const pre = handleHookCall(deps, call('PreToolUse', 'echo a'));
    broker.decide(await nextRequest(broker), { behavior: 'allow' });
    await pre;
    expect((await handleHookCall(deps, call('PermissionRequest', 'echo a'))).body).toEqual(ALLOW);
    // Asked again for the same call: the follow-up was used up, so this one is a request of its own.
    const again = handleHookCall(deps, call('PermissionRequest', 'echo a'));
    const againId = await nextRequest(broker);
    broker.decide(againId, { behavior: 'deny', message: 'asked twice' });
    expect((await again).body).toMatchObject({ hookSpecificOutput: { decision: { behavior: 'deny' } } });
    // A PreToolUse allowed, then the turn ended: its decision is forgotten with the turn.
    const pre2 = handleHookCall(deps, call('PreToolUse', 'echo c'));
    broker.decide(await nextRequest(broker), { behavior: 'allow' });
    await pre2;
    await handleHookCall(deps, { agentId: 'a1', secret: HOOK_SECRET, event: 'Stop', payload: base });
    const late = handleHookCall(deps, call('PermissionRequest', 'echo c'));
    const lateId = await nextRequest(broker);
    expect(broker.get(lateId)).toMatchObject({ command: 'echo c' });
    broker.decide(lateId, { behavior: 'deny', message: 'new turn' });
    expect((await late).body).toMatchObject({ hookSpecificOutput: { decision: { behavior: 'deny', message: 'new turn' } } });
    broker.dispose();
  });

  it('a PreToolUse whose caller went away is cancelled, and its PermissionRequest is denied', async () => {
    const { deps, broker } = hookDeps(codex);
    const gone = new AbortController();
    const pre = handleHookCall(deps, { ...call('PreToolUse', 'make deploy'), signal: gone.signal });
    const id = await nextRequest(broker);
    gone.abort();
    expect((await pre).body).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
    expect(broker.list()).toEqual([]);
    expect(() => broker.decideOrThrow(id, { behavior: 'allow' })).toThrow(/no longer waiting/);
    const reply = await handleHookCall(deps, call('PermissionRequest', 'make deploy'));
    expect(reply.body).toMatchObject({ hookSpecificOutput: { decision: { behavior: 'deny', message: "the agent's hook gave up waiting" } } });
    broker.dispose();
  });
});
