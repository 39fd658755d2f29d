import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalDelta } from '../../src/core/protocol.js';
import { closeAll, openSupervisor, pidGone, statusReached, until } from './helpers/supervisor-fixture.js';

afterEach(closeAll);

describe('supervisor controls', () => {
  it('interrupt stops the running command and then delivers the text', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ prompt: 'sleep 30' });
    await statusReached(sup, () => agent.id, ['running']);
    const result = await sup.sendText(agent.id, 'echo after-int-$((4*4))', { interrupt: true });
    expect(result.queued || result.delivered).toBe(true);
    // Without the interrupt this would take 30 s.
    await until('interrupted and delivered', async () => (await sup.readLogs(agent.id)).includes('after-int-16'), 8_000);
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 8_000 })).outcome).toBe('idle');
  });

  it('queue: false types immediately even while busy', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ prompt: 'sleep 1' });
    await statusReached(sup, () => agent.id, ['running']);
    expect(await sup.sendText(agent.id, 'echo typed-$((7+7))', { queue: false })).toEqual({ delivered: true, queued: false });
    await until('typed-ahead command ran', async () => (await sup.readLogs(agent.id)).includes('typed-14'), 8_000);
  });

  it('resize changes the PTY, the record and tells subscribers', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ cols: 100, rows: 30 });
    expect(agent).toMatchObject({ cols: 100, rows: 30 });
    await sup.waitForAgent(agent.id, { timeoutMs: 8_000 });
    const deltas: TerminalDelta[] = [];
    const sub = await sup.subscribeTerminal(agent.id, { onSnapshot: () => {}, onDelta: (d) => deltas.push(d) });
    await sup.resize(agent.id, 120, 40);
    expect(await sup.getAgent(agent.id)).toMatchObject({ cols: 120, rows: 40 });
    await sup.sendText(agent.id, 'echo size-$(tput cols)x$(tput lines)');
    await until('shell sees the new size', async () => (await sup.readLogs(agent.id)).includes('size-120x40'), 8_000);
    expect(deltas.some((d) => d.kind === 'resize' && d.cols === 120 && d.rows === 40)).toBe(true);
    sub.dispose();
    await expect(sup.resize(agent.id, 0, 10)).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('shutdown ends every agent and saves records and screens', async () => {
    const { sup, home } = await openSupervisor();
    const shell = await sup.createAgent({ prompt: 'echo saved-$((8*8))' });
    await sup.waitForAgent(shell.id, { timeoutMs: 8_000 });
    const cmd = await sup.createAgent({ provider: 'command', command: ['sleep', '1000'] });
    await sup.shutdown();
    for (const a of [shell, cmd]) {
      await until(`pid ${a.pid} gone`, () => pidGone(a.pid!), 5_000);
      const rec = JSON.parse(readFileSync(path.join(home, 'agents', `${a.id}.json`), 'utf8'));
      expect(rec).toMatchObject({ status: 'exited', statusDetail: 'daemon stopped' });
    }
    expect(readFileSync(path.join(home, 'agents', `${shell.id}.screen`), 'utf8')).toContain('saved-64');
  });

  it('a missing cwd, or one that is a file, is refused before any record is made', async () => {
    const { sup } = await openSupervisor();
    const missing = '/nonexistent/paseo-cwd';
    expect(existsSync(missing)).toBe(false);
    await expect(sup.createAgent({ cwd: missing })).rejects.toMatchObject({ code: 'bad_request', message: `cwd ${missing} does not exist` });
    const file = fileURLToPath(import.meta.url);
    await expect(sup.createAgent({ cwd: file })).rejects.toMatchObject({ code: 'bad_request', message: `cwd ${file} is not a directory` });
    expect(await sup.listAgents({ includeArchived: true })).toEqual([]);
  });
});
