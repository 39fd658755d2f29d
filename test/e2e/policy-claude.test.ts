/**
 * Policy rules with the real Claude Code (fake model server): a read-only command the default rules allow runs
 * without entering the queue and is audited as a rule decision; a command a config deny rule matches is refused at
 * once with the rule's reason, in default mode and in full-access (which asks nothing else); the audit chain verifies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropicToolResults, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import type { AgentMode } from '../../src/core/agent.js';
import type { Step } from '../fakes/scenario.js';
import { agentRig, type AgentRig } from './agent-harness.js';
import { fakeModelUser, type FakeModelUser } from './helpers/fake-model-user.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
let env: Record<string, string>;
let user: FakeModelUser | undefined;

beforeAll(async () => {
  user = await fakeModelUser('claude', startFakeAnthropic, 'paseo-policy-user-', fs.realpathSync(os.tmpdir()));
  ({ fake, env } = user);
  rig = await agentRig();
  // Read by the daemon at the next request (rules follow config.json without a restart).
  fs.writeFileSync(path.join(rig.sandbox.home, 'config.json'), JSON.stringify({ approvals: { rules: [{ tool: 'Bash', command: 'touch *', action: 'deny' }] } }));
}, MIN);

afterAll(async () => {
  await rig?.dispose();
  await user?.close();
});

/** One agent turn that runs `steps`; fails if anything is asked of a person. */
async function turn(mode: AgentMode, steps: Step[]): Promise<string> {
  fake.turns.enqueue([...steps, { text: 'done with it' }]);
  const agent = await rig.client.createAgent({ provider: 'claude/sonnet', cwd: rig.cwd, mode, prompt: `do the ${mode} step`, env, cols: 120, rows: 40 });
  const r = await rig.client.waitForAgent(agent.id, { timeoutMs: 90_000 });
  if (r.outcome !== 'idle') throw new Error(`${mode}: ${r.outcome}\n${await rig.client.readLogs(agent.id, { tail: 40 })}`);
  expect(await rig.client.listApprovals()).toEqual([]);
  await rig.client.stopAgent(agent.id);
  return agent.id;
}

describe('policy rules with Claude Code', () => {
  it('default mode: ls runs without a person, audited as the default rule; touch is denied by the config rule', async () => {
    fs.writeFileSync(path.join(rig.cwd, 'visible.txt'), 'x');
    const id = await turn('default', [{ bash: 'ls' }, { bash: 'touch denied.txt' }]);
    expect(anthropicToolResults(fake.requests).some((r) => r.content.includes('visible.txt'))).toBe(true);
    const denied = anthropicToolResults(fake.requests).find((r) => r.content.includes('paseo policy: denied by config #1'));
    expect(denied?.isError).toBe(true);
    expect(fs.existsSync(path.join(rig.cwd, 'denied.txt'))).toBe(false);
    const lines = (await rig.client.readAudit!({ agentId: id })).filter((l) => l.tool === 'Bash');
    expect(lines.map((l) => [l.summary, l.outcome, l.how?.by])).toEqual([
      ['$ ls', 'allow', 'rule'],
      ['$ touch denied.txt', 'deny', 'rule'],
    ]);
    expect(lines[0]!.how).toMatchObject({ rule: 'default read-only-commands', source: 'default' });
    expect(lines[1]!.how).toMatchObject({ rule: 'config #1', source: 'config', position: 1 });
  }, 2 * MIN);

  it('full-access asks nothing, but the deny rule still denies', async () => {
    const id = await turn('full-access', [{ bash: 'echo full > full.txt' }, { bash: 'touch full-denied.txt' }]);
    expect(fs.readFileSync(path.join(rig.cwd, 'full.txt'), 'utf8')).toBe('full\n');
    expect(fs.existsSync(path.join(rig.cwd, 'full-denied.txt'))).toBe(false);
    const lines = (await rig.client.readAudit!({ agentId: id })).filter((l) => l.tool === 'Bash');
    expect(lines.map((l) => [l.outcome, l.how?.by])).toEqual([
      ['allow', 'mode'],
      ['deny', 'rule'],
    ]);
    expect(await rig.client.verifyAudit!()).toMatchObject({ ok: true });
    const cli = await rig.sandbox.run(['audit', '--verify']);
    expect(cli.code).toBe(0);
  }, 2 * MIN);
});
