// An empty agent id names no agent — not "the only one" (it is a prefix of every id): every method and `input` refuse it.
import { afterEach, describe, expect, it } from 'vitest';
import type { WireError } from '../../src/core/protocol.js';
import { openSupervisor, closeAll, until } from '../supervisor/helpers/supervisor-fixture.js';
import { TestDaemon } from '../helpers/test-daemon.js';

const TOKEN = 'b'.repeat(64);
let daemon: TestDaemon | undefined;

afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
  await closeAll();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'resolved';
}

describe('empty agent id', () => {
  it('is refused by the supervisor itself with exactly one agent', async () => {
    const { sup } = await openSupervisor();
    const only = await sup.createAgent({ cwd: '/tmp' });
    expect(await codeOf(sup.getAgent(''))).toBe('not_found');
    expect(await codeOf(sup.sendText('', 'echo x'))).toBe('not_found');
    expect(await codeOf(sup.readLogs(''))).toBe('not_found');
    expect(await codeOf(sup.stopAgent(''))).toBe('not_found');
    expect(() => sup.writeInput('', 'x')).toThrow(/no agent id/);
    // A real prefix still resolves.
    expect((await sup.getAgent(only.id.slice(0, 4))).id).toBe(only.id);
  });

  it('over the protocol: agent.get, agent.send and input with "" are errors, and nothing is typed', async () => {
    daemon = await TestDaemon.open({ prefix: 'paseo-emptyid-', token: TOKEN });
    const client = await daemon.connect();
    const only = await client.createAgent({ provider: 'command', command: ['cat'], cwd: daemon.home });
    expect(await codeOf(client.getAgent(''))).toBe('bad_request');
    expect(await codeOf(client.sendText('', 'leaked-by-send'))).toBe('bad_request');
    const errors: WireError[] = [];
    client.onDidReceiveError((e) => errors.push(e));
    client.writeInput('', 'leaked-by-input\r');
    await until('an error for the empty input', () => errors.length > 0);
    expect(errors[0]).toMatchObject({ code: 'not_found' });
    // The same connection's next input reaches the agent after the refused one: had that been typed, it would show first.
    client.writeInput(only.id, 'typed-on-purpose\r');
    await until('the deliberate input echoed', async () => (await client.readLogs(only.id)).includes('typed-on-purpose'));
    const logs = await client.readLogs(only.id);
    expect(logs).not.toContain('leaked-by-input');
    expect(logs).not.toContain('leaked-by-send');
  });
});
