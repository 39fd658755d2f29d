/**
 * A real CLI's turn is over only when the CLI says so (hook, event stream) and its screen has drawn the answer:
 * what `paseo run`, `send` and `wait` block on (agent.wait, then the screen they print). Each real CLI runs against a
 * fake model that waits before it answers and then types slowly, with the CLI's process slowed down (stopped and
 * continued in turns) so its screen lags. After every wait the screen already holds the answer's last word; a
 * command that needs approval makes the wait return 'waiting', never 'idle'.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { agentRig, type AgentRig } from './agent-harness.js';
import { REAL_CLIS, fakeModelUser, type FakeModelUser } from './helpers/fake-model-user.js';

const MIN = 60_000;

/**
 * Slows an agent's processes (its pid and their children, all started by this test's daemon): stopped for `stopMs`
 * out of every `periodMs`, so the CLI draws late, as on a loaded machine. Positive pids only, never a group.
 */
function slowDown(rootPid: number, stopMs = 40, periodMs = 100): () => void {
  const pids = (): number[] => {
    const out = [rootPid];
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (out.includes(ppid)) out.push(Number(name));
      } catch {
        // gone
      }
    }
    return out;
  };
  const signal = (sig: NodeJS.Signals) => {
    for (const pid of pids()) {
      try {
        if (pid > 1) process.kill(pid, sig);
      } catch {
        // exited
      }
    }
  };
  let resume: NodeJS.Timeout | undefined;
  const timer = setInterval(() => {
    signal('SIGSTOP');
    resume = setTimeout(() => signal('SIGCONT'), stopMs);
  }, periodMs);
  return () => {
    clearInterval(timer);
    if (resume) clearTimeout(resume);
    signal('SIGCONT');
  };
}

/** The screen `paseo run/send/wait` would print right after the wait: the last rows, whitespace collapsed. */
async function printed(rig: AgentRig, agentId: string): Promise<string> {
  const rows = (await rig.client.getAgent(agentId)).rows;
  return (await rig.client.readLogs(agentId, { tail: rows })).replace(/\s+/g, ' ');
}

/** Turns the screen never confirmed (ended by TURN_END_SCREEN_MAX_MS instead): none expected. */
function unconfirmedTurns(rig: AgentRig): string[] {
  try {
    return fs.readFileSync(path.join(rig.sandbox.home, 'daemon.log'), 'utf8').split('\n').filter((l) => l.includes('turn-end.screen-unconfirmed'));
  } catch {
    return [];
  }
}

for (const c of REAL_CLIS) {
  describe(`${c.cli}: run/send/wait return once the answer is on screen`, () => {
    let rig: AgentRig;
    let fake: FakeModelServer;
    let env: Record<string, string>;
    let user: FakeModelUser | undefined;
    let agentId = '';
    let stopSlowing: (() => void) | undefined;

    beforeAll(async () => {
      rig = await agentRig();
      user = await fakeModelUser(c.cli, c.fake, `paseo-${c.cli}-turn-`, rig.cwd);
      ({ fake, env } = user);
      // Waits, then types: the turn runs for seconds after the prompt shows.
      fake.turns.delayMs = 1_500;
      fake.turns.streamChunkMs = 150;
    }, 2 * MIN);

    afterAll(async () => {
      stopSlowing?.();
      await rig?.dispose();
      await user?.close();
    });

    it('run: the wait ends with the answer already on screen', async () => {
      fake.turns.enqueue([{ text: `First reply from the model, typed slowly: FIRSTWORDEND` }]);
      const agent = await rig.client.createAgent({ provider: c.provider, cwd: rig.cwd, prompt: 'give the first reply', env, cols: 120, rows: 40 });
      agentId = agent.id;
      const running = await rig.status(agentId, ['running', 'idle', 'waiting'], 'started', 60_000);
      if (running.pid) stopSlowing = slowDown(running.pid);
      const result = await rig.client.waitForAgent(agentId, { timeoutMs: 90_000 });
      const screen = await printed(rig, agentId);
      expect(result.outcome, screen).toBe('idle');
      expect(screen).toContain('FIRSTWORDEND');
      expect(unconfirmedTurns(rig)).toEqual([]);
    }, 2 * MIN);

    it('send: the wait ends with the answer already on screen', async () => {
      fake.turns.enqueue([{ text: `Second reply, also typed slowly, ending in SECONDWORDEND` }]);
      const sent = await rig.client.sendText(agentId, 'give the second reply');
      expect(sent.delivered || sent.queued).toBe(true);
      const result = await rig.client.waitForAgent(agentId, { timeoutMs: 90_000 });
      const screen = await printed(rig, agentId);
      expect(result.outcome, screen).toBe('idle');
      expect(screen).toContain('SECONDWORDEND');
      expect(unconfirmedTurns(rig)).toEqual([]);
    }, 2 * MIN);

    // Codex went running → idle → waiting within 39 ms, and such a send returned 0 in 5 of 15 tries: it gets three.
    const tries = c.cli === 'codex' ? [1, 2, 3] : [1];
    it.each(tries)('send of a command that needs approval: the wait ends waiting on the permission, not idle (%i)', async (n) => {
      const file = `asked-${c.cli}-${n}.txt`;
      fake.turns.enqueue([{ bash: `echo asked > ${file}` }]);
      await rig.client.sendText(agentId, 'run the command');
      const result = await rig.client.waitForAgent(agentId, { timeoutMs: 90_000 });
      expect(result.outcome, await printed(rig, agentId)).toBe('waiting');
      expect(result.agent.attention).toBe('permission');
      const req = await rig.approval((a) => a.agentId === agentId, 'the approval', agentId);
      await rig.client.decideApproval!(req.id, { behavior: 'deny', message: 'DENIEDWORD' });
      const after = await rig.client.waitForAgent(agentId, { timeoutMs: 90_000 });
      const screen = await printed(rig, agentId);
      expect(after.outcome, screen).toBe('idle');
      // The model's last words ("Tool finished. Result was: … DENIEDWORD …") are on screen.
      expect(screen).toMatch(/DENIEDWORD/);
      expect(fs.existsSync(path.join(rig.cwd, file))).toBe(false);
      expect(unconfirmedTurns(rig)).toEqual([]);
    }, 2 * MIN);

    it("the agent's whole history never shows paseo's hook command lines", async () => {
      const history = await rig.client.readLogs(agentId);
      expect(history).not.toMatch(/hook --agent|--event \w+ --url|--secret-file/);
    });
  });
}
