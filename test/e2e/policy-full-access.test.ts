/**
 * Full-access asks nothing, but deny rules still deny — for Codex, Gemini CLI and OpenCode too (Claude:
 * policy-claude.test.ts): their gate stays installed in full-access, so a config deny rule refuses a command at once
 * while another runs without asking.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { startFakeGemini } from '../fakes/fake-gemini.js';
import { startFakeOpenAI } from '../fakes/fake-openai.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { cliUserEnv, type Cli } from '../fixtures/agents/cli-env.js';
import { agentRig, type AgentRig } from './agent-harness.js';

const MIN = 60_000;

const CASES: Array<{ cli: Cli; provider: string; fake: () => Promise<FakeModelServer> }> = [
  { cli: 'codex', provider: 'codex/gpt-5.5', fake: startFakeOpenAI },
  { cli: 'gemini', provider: 'gemini/gemini-2.5-flash', fake: startFakeGemini },
  { cli: 'opencode', provider: 'opencode/anthropic/claude-sonnet-4-5', fake: startFakeAnthropic },
];

for (const c of CASES) {
  describe(`${c.cli} full-access with a deny rule`, () => {
    let rig: AgentRig;
    let fake: FakeModelServer;
    let home = '';

    beforeAll(async () => {
      fake = await c.fake();
      home = fs.mkdtempSync(path.join(os.tmpdir(), `paseo-${c.cli}-policy-`));
      rig = await agentRig();
      fs.writeFileSync(path.join(rig.sandbox.home, 'config.json'), JSON.stringify({ approvals: { rules: [{ command: 'touch *', action: 'deny' }] } }));
    }, MIN);

    afterAll(async () => {
      await rig?.dispose();
      await fake?.close();
      if (home) fs.rmSync(home, { recursive: true, force: true });
    });

    it('runs a command without asking and refuses the one the rule denies', async () => {
      const env = cliUserEnv(c.cli, { home, cwd: rig.cwd, fakeUrl: fake.url });
      const allowed = path.join(rig.cwd, 'full.txt');
      const denied = path.join(rig.cwd, 'denied.txt');
      fake.turns.enqueue([{ bash: `echo full > ${allowed}` }, { bash: `touch ${denied}` }, { text: 'done with it' }]);
      const agent = await rig.client.createAgent({ provider: c.provider, cwd: rig.cwd, mode: 'full-access', prompt: 'do the steps', env, cols: 120, rows: 40 });
      const r = await rig.client.waitForAgent(agent.id, { timeoutMs: 90_000 });
      if (r.outcome !== 'idle') throw new Error(`${c.cli}: ${r.outcome}\n${await rig.client.readLogs(agent.id, { tail: 40 })}`);
      expect(fs.readFileSync(allowed, 'utf8')).toBe('full\n');
      expect(fs.existsSync(denied)).toBe(false);
      const lines = await rig.client.readAudit!({ agentId: agent.id });
      expect(lines.find((l) => l.summary.includes('touch'))).toMatchObject({ outcome: 'deny', how: { by: 'rule', rule: 'config #1' } });
      await rig.client.stopAgent(agent.id);
    }, 2 * MIN);
  });
}
