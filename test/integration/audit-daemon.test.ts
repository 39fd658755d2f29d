// The audit log through the real daemon (supervisor + HTTP hook endpoint + protocol): a request the default rules
// allow is audited as a rule decision without entering the queue; a person's decision is audited with the client that
// took it (its hello's kind and name, attached by the server); an agent's own on-screen prompt answered from the queue
// is audited too; the chain verifies, and the CLI reads the same file.
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../supervisor/helpers/supervisor-fixture.js';
import { hookAdapterFiles } from '../helpers/hook-adapters.js';
import { TestDaemon } from '../helpers/test-daemon.js';

const TOKEN = 'c'.repeat(64);
let daemon: TestDaemon | undefined;

afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
});

describe('audit through the daemon', () => {
  it('rule decisions, human decisions with their client, screen asks; the chain verifies', async () => {
    daemon = await TestDaemon.open({
      prefix: 'paseo-audit-',
      token: TOKEN,
      files: hookAdapterFiles(),
    });
    const { home } = daemon;
    const client = await daemon.connect('tui', 'laptop');
    const hook = (agentId: string, command: string) => daemon!.hook(agentId, 'Perm', { command });
    const agent = await client.createAgent({ provider: 'hooky', cwd: home, title: 'hooky' });

    // The default rules allow `ls`: answered at once, never queued.
    expect(await hook(agent.id, 'ls -la')).toEqual({ behavior: 'allow' });
    expect(await client.listApprovals()).toEqual([]);

    const answer = hook(agent.id, 'git push origin main');
    const [req] = await until('the push queued', async () => {
      const list = await client.listApprovals();
      return list.length === 1 && list;
    });
    expect(req!.command).toBe('git push origin main');
    await client.decideApproval(req!.id, { behavior: 'deny', message: 'not to main' });
    expect(await answer).toEqual({ behavior: 'deny', message: 'not to main' });

    const asky = await client.createAgent({ provider: 'asky', cwd: home, title: 'asky' });
    const ask = await until('the screen ask', async () => (await client.listApprovals()).find((a) => a.agentId === asky.id));
    await client.decideApproval(ask.id, { behavior: 'allow' });

    const lines = await until('four audit lines', async () => {
      const l = await client.readAudit!();
      return l.length >= 4 && l;
    });
    expect(lines.map((l) => [l.kind, l.agentId, l.outcome, l.how?.by])).toEqual([
      ['decision', agent.id, 'allow', 'rule'],
      ['request', agent.id, undefined, undefined],
      ['decision', agent.id, 'deny', 'human'],
      ['decision', asky.id, 'allow', 'human'],
    ]);
    expect(lines[0]).toMatchObject({ provider: 'hooky', summary: '$ ls -la', how: { rule: 'default read-only-commands', source: 'default' } });
    expect(lines[2]).toMatchObject({ requestId: req!.id, contentHash: lines[1]!.contentHash, message: 'not to main', how: { client: { kind: 'tui', label: 'laptop' } } });
    expect(lines[3]).toMatchObject({ requestId: ask.id, how: { client: { kind: 'tui', label: 'laptop' } } });
    expect(await client.verifyAudit!()).toEqual({ ok: true, lines: 4 });

    const cli = await daemon.runCli(['audit', '--agent', agent.id]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('deny by human (tui laptop)  $ git push origin main  — not to main');
    expect((await daemon.runCli(['audit', '--verify'])).stdout).toBe('audit log intact: 4 lines chained\n');
  });
});
