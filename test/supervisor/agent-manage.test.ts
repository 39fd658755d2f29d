// agent.restart / agent.rename / agent.remove: the supervisor side of the TUI's agent keys, and their wire entries.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/core/protocol.js';
import { methodTable } from '../../src/server/method-table.js';
import { ParamReader } from '../../src/server/param-reader.js';
import { closeAll, openSupervisor, pidGone, statusReached, until } from './helpers/supervisor-fixture.js';

afterEach(closeAll);

describe('agent restart, rename, remove', () => {
  it('restart starts a new process with the same settings, for a running and an exited agent', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ title: 'keeper', cols: 90, rows: 20 });
    await sup.waitForAgent(agent.id, { timeoutMs: 8_000 });
    const firstPid = (await sup.getAgent(agent.id)).pid!;
    const restarted = await sup.restartAgent(agent.id);
    expect(restarted.pid).toBeGreaterThan(0);
    expect(restarted.pid).not.toBe(firstPid);
    expect(restarted).toMatchObject({ title: 'keeper', cwd: agent.cwd, provider: 'shell', cols: 90, rows: 20 });
    await until('the old process gone', () => pidGone(firstPid), 5_000);
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 8_000 })).outcome).toBe('idle');
    await sup.sendText(agent.id, 'echo alive-$((6*7))');
    await until('the new shell answers', async () => (await sup.readLogs(agent.id)).includes('alive-42'), 8_000);

    // An exited agent comes back too, and a later natural exit is not mistaken for the stop the restart made.
    await sup.stopAgent(agent.id);
    expect((await sup.getAgent(agent.id)).status).toBe('exited');
    const again = await sup.restartAgent(agent.id);
    expect(again.status).not.toBe('exited');
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 8_000 })).outcome).toBe('idle');
    await sup.sendText(agent.id, 'exit 3');
    const exited = await statusReached(sup, () => agent.id, ['exited']);
    expect(exited).toMatchObject({ exitCode: 3, statusDetail: 'exit 3', attention: 'error' });
  });

  it('rename sets a one-line title and refuses an empty one', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ provider: 'command', command: ['sleep', '1000'] });
    const events: AgentEvent[] = [];
    sup.onDidChangeAgent((e) => events.push(e));
    const renamed = await sup.renameAgent(agent.id, '  fix\x1b[31m login\n ');
    expect(renamed.title).toBe('fix [31m login');
    expect(events.some((e) => e.kind === 'changed' && e.agent.title === 'fix [31m login')).toBe(true);
    await expect(sup.renameAgent(agent.id, ' \n ')).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('remove stops the agent, deletes its files and announces it', async () => {
    const { sup, home } = await openSupervisor();
    const agent = await sup.createAgent({ prompt: 'echo bye' });
    await sup.waitForAgent(agent.id, { timeoutMs: 8_000 });
    const pid = (await sup.getAgent(agent.id)).pid!;
    const events: AgentEvent[] = [];
    sup.onDidChangeAgent((e) => events.push(e));
    await sup.removeAgent(agent.id);
    await until('the process gone', () => pidGone(pid), 5_000);
    expect(events.at(-1)).toEqual({ kind: 'removed', agentId: agent.id });
    await expect(sup.getAgent(agent.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await sup.listAgents({ includeArchived: true })).toEqual([]);
    await sup.store.flush();
    for (const f of [`${agent.id}.json`, `${agent.id}.screen`, agent.id]) expect(existsSync(path.join(home, 'agents', f))).toBe(false);
  });

  it('the method table reaches them with validated params', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ provider: 'command', command: ['sleep', '1000'] });
    const scope = { subscribeTerminal: async () => {}, unsubscribeTerminal: () => {}, subscribeEvents: () => {}, shutdownRequested: () => {} };
    const call = (name: 'agent.rename' | 'agent.remove', params: unknown) => (methodTable[name].run as (p: ParamReader, s: typeof sup, c: typeof scope) => Promise<unknown>)(new ParamReader(params, name), sup, scope);
    expect(await call('agent.rename', { agentId: agent.id, title: 'wire' })).toMatchObject({ title: 'wire' });
    await expect(call('agent.rename', { agentId: agent.id })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await call('agent.remove', { agentId: agent.id })).toBeNull();
    expect(await sup.listAgents()).toEqual([]);
  });
});
