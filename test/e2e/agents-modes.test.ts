/**
 * Every mode of every real CLI means what the README says, one short scripted turn each against the fake model:
 *   default       a shell command that writes is asked about (denied here: it does not run);
 *   accept-edits  a file write runs without asking;
 *   plan          a file write and a writing shell command are refused without asking anyone ("plan mode: no
 *                 writes"), even where an approval would have let them through;
 *   full-access   a writing shell command runs without asking (Claude: no "Bypass Permissions" warning in the way).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentMode } from '../../src/core/agent.js';
import type { ApprovalInfo } from '../../src/core/protocol.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import type { Step } from '../fakes/scenario.js';
import { agentRig, type AgentRig } from './agent-harness.js';
import { REAL_CLIS, fakeModelUser, type FakeModelUser } from './helpers/fake-model-user.js';

const MIN = 60_000;

for (const c of REAL_CLIS) {
  describe(`${c.cli} modes`, () => {
    let rig: AgentRig;
    let fake: FakeModelServer;
    let env: Record<string, string>;
    let user: FakeModelUser | undefined;

    beforeAll(async () => {
      rig = await agentRig();
      user = await fakeModelUser(c.cli, c.fake, `paseo-${c.cli}-modes-`, rig.cwd);
      ({ fake, env } = user);
    }, 2 * MIN);

    afterAll(async () => {
      await rig?.dispose();
      await user?.close();
    });

    /**
     * Starts an agent in `mode` whose one turn runs `steps`, and waits for that turn to end (idle). Without `decide`,
     * a request for approval fails the test (the wait ends 'waiting'); with it, each is decided. Returns those asked.
     */
    async function turn(mode: AgentMode, steps: Step[], decide?: (a: ApprovalInfo) => Promise<void>): Promise<ApprovalInfo[]> {
      const asked: ApprovalInfo[] = [];
      fake.turns.enqueue(steps);
      const agent = await rig.client.createAgent({ provider: c.provider, cwd: rig.cwd, mode, prompt: `do the ${mode} step`, env, cols: 120, rows: 40 });
      try {
        for (;;) {
          const r = await rig.client.waitForAgent(agent.id, { timeoutMs: 90_000 });
          if (r.outcome === 'idle') return asked;
          if (r.outcome !== 'waiting' || !decide) throw new Error(`${c.cli} ${mode}: ${r.outcome} (${r.agent.status})\n${await rig.client.readLogs(agent.id, { tail: 40 })}`);
          const req = await rig.approval((a) => a.agentId === agent.id, `${mode} approval`, agent.id);
          asked.push(req);
          await decide(req);
        }
      } finally {
        // One agent at a time: the next mode's CLI must not meet this one (same project, same CLI state).
        await rig.client.stopAgent(agent.id).catch(() => {});
      }
    }

    it('default: a shell command that writes is asked about', async () => {
      const file = path.join(rig.cwd, 'default.txt');
      const asked = await turn('default', [{ bash: `echo d > ${file}` }], (a) => rig.client.decideApproval!(a.id, { behavior: 'deny', message: 'E2E_DEFAULT_DENY' }));
      expect(asked.map((a) => a.command)).toEqual([`echo d > ${file}`]);
      expect(fs.existsSync(file)).toBe(false);
    }, 2 * MIN);

    it('accept-edits: a file write runs without asking', async () => {
      const file = path.join(rig.cwd, 'accept.txt');
      await turn('accept-edits', [{ write: { path: file, content: 'accepted\n' } }]);
      expect(fs.readFileSync(file, 'utf8')).toBe('accepted\n');
    }, 2 * MIN);

    it('plan: a file write and a writing shell command are refused without asking anyone', async () => {
      const written = path.join(rig.cwd, 'plan-write.txt');
      const shelled = path.join(rig.cwd, 'plan-shell.txt');
      // Codex's read-only sandbox already stops a plain command: the one that asks to leave it is the test.
      const shell: Step = c.cli === 'codex' ? { escalate: `echo p > ${shelled}` } : { bash: `echo p > ${shelled}` };
      await turn('plan', [{ write: { path: written, content: 'planned\n' } }, shell]);
      expect(fs.existsSync(written)).toBe(false);
      expect(fs.existsSync(shelled)).toBe(false);
    }, 2 * MIN);

    it('full-access: a writing shell command runs without asking', async () => {
      const file = path.join(rig.cwd, 'full.txt');
      await turn('full-access', [{ bash: `echo f > ${file}` }]);
      expect(fs.readFileSync(file, 'utf8')).toBe('f\n');
    }, 2 * MIN);
  });
}
