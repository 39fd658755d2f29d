/**
 * Restarting a real agent resumes its CLI session on a clean screen:
 *   Claude   the old screen stays as it was, above one "── resumed <time> ──" line, instead of the resumed banner
 *            being drawn over the old input box;
 *   OpenCode the resumed session is live in seconds (it waited READY_TIMEOUT_MS for a cost that a session costing
 *            nothing never shows), and a send right after the restart returns with its answer on screen.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { cliUserEnv } from '../fixtures/agents/cli-env.js';
import { agentRig, type AgentRig } from './agent-harness.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
const homes: string[] = [];

beforeAll(async () => {
  fake = await startFakeAnthropic();
  rig = await agentRig();
}, MIN);

afterAll(async () => {
  await rig?.dispose();
  await fake?.close();
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
});

function userEnv(cli: 'claude' | 'opencode'): Record<string, string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `paseo-${cli}-restart-`));
  homes.push(home);
  return cliUserEnv(cli, { home, cwd: rig.cwd, fakeUrl: fake.url });
}

const lines = (text: string) => text.split('\n').map((l) => l.trimEnd());

describe('restart of a real agent', () => {
  it('Claude: the old screen is kept whole above a "resumed" line; the new process draws below it', async () => {
    fake.turns.enqueue([{ text: 'Remembered PAPAYA.' }]);
    const agent = await rig.client.createAgent({ provider: 'claude/sonnet', cwd: rig.cwd, prompt: 'remember PAPAYA', env: userEnv('claude'), cols: 100, rows: 30 });
    expect((await rig.client.waitForAgent(agent.id, { timeoutMs: 60_000 })).outcome).toBe('idle');
    // Claude writes its session log a moment after the turn; a restart before that finds no conversation.
    await rig.until(agent.id, () => {
      const dirs = [path.join(rig.sandbox.home, 'agents', agent.id)];
      const found = (d: string): boolean =>
        fs.readdirSync(d, { withFileTypes: true }).some((e) => (e.isDirectory() ? found(path.join(d, e.name)) : e.name.endsWith('.jsonl') && fs.readFileSync(path.join(d, e.name), 'utf8').includes('Remembered PAPAYA')));
      return dirs.some((d) => fs.existsSync(d) && found(d)) || homes.some((h) => found(h));
    }, 'session log has the turn');
    const before = lines(await rig.client.readLogs(agent.id));
    while (before.length > 0 && before[before.length - 1] === '') before.pop();
    await rig.client.restartAgent(agent.id);
    expect((await rig.client.waitForAgent(agent.id, { timeoutMs: 60_000 })).outcome).toBe('idle');
    const after = lines(await rig.client.readLogs(agent.id));
    const sep = after.findIndex((l) => /^── resumed \d{4}-\d\d-\d\d \d\d:\d\d ──$/.test(l));
    expect(sep, after.join('\n')).toBeGreaterThan(0);
    expect(after.filter((l) => l.startsWith('── resumed')).length).toBe(1);
    // Everything the first process showed is still there, unchanged, above the line (then what it printed as it
    // was stopped: "Resume this session with: …").
    expect(sep).toBeGreaterThanOrEqual(before.length);
    expect(after.slice(0, before.length).join('\n')).toBe(before.join('\n'));
    expect(after.slice(sep + 1).some((l) => l.includes('❯'))).toBe(true);
  }, 3 * MIN);

  it('OpenCode: live again in seconds, and a send right after returns with its answer on screen', async () => {
    fake.turns.enqueue([{ text: 'First answer GUAVA.' }]);
    const agent = await rig.client.createAgent({ provider: 'opencode/anthropic/claude-sonnet-4-5', cwd: rig.cwd, prompt: 'say GUAVA', env: userEnv('opencode'), cols: 100, rows: 30 });
    expect((await rig.client.waitForAgent(agent.id, { timeoutMs: 90_000 })).outcome).toBe('idle');
    const started = Date.now();
    await rig.client.restartAgent(agent.id);
    const back = await rig.client.waitForAgent(agent.id, { timeoutMs: 90_000 });
    const tookMs = Date.now() - started;
    expect(back.outcome).toBe('idle');
    // It took 26–30 s: the readiness wait ran to its timeout (logged resume.not-ready). Now it sees the session load.
    const log = fs.readFileSync(path.join(rig.sandbox.home, 'daemon.log'), 'utf8').split('\n').filter((l) => /resume|prompt\.|agent\.spawned/.test(l));
    expect(log.filter((l) => l.includes('resume.not-ready')), `${tookMs} ms\n${log.join('\n')}`).toEqual([]);
    fake.turns.delayMs = 1_000;
    fake.turns.streamChunkMs = 100;
    try {
      fake.turns.enqueue([{ text: 'Second answer, after the restart: MANGOSTEEN' }]);
      await rig.client.sendText(agent.id, 'say the second answer');
      const result = await rig.client.waitForAgent(agent.id, { timeoutMs: 90_000 });
      const screen = (await rig.client.readLogs(agent.id, { tail: 30 })).replace(/\s+/g, ' ');
      expect(result.outcome, screen).toBe('idle');
      expect(screen).toContain('MANGOSTEEN');
    } finally {
      fake.turns.delayMs = 0;
      fake.turns.streamChunkMs = 0;
    }
  }, 3 * MIN);
});
