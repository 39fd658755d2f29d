/**
 * Claude Code end to end: the real CLI in the daemon's PTY against the fake Anthropic server; status from
 * hooks, approvals through the API, the PreToolUse relay failing closed, resume after a daemon restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, anthropicToolResults } from '../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { cliUserEnv } from '../fixtures/agents/cli-env.js';
import { isAlive, until } from '../helpers/paseo-cli.js';
import { agentRig, type AgentRig } from './agent-harness.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
let env: Record<string, string>;
let agentId: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  fake = await startFakeAnthropic();
  const tmpHome = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-claude-user-'));
  env = cliUserEnv('claude', { home: tmpHome, cwd: fs.realpathSync(os.tmpdir()), fakeUrl: fake.url });
  // The supervisor does not persist an agent's creation env, so a resumed agent only sees the daemon's:
  // give the daemon the "user's" Claude setup (this worker process only; restored after).
  for (const k of ['CLAUDE_CONFIG_DIR', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'DISABLE_AUTOUPDATER', 'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC', 'IS_SANDBOX']) {
    saved[k] = process.env[k];
    process.env[k] = env[k];
  }
  rig = await agentRig();
}, MIN);

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await rig?.dispose();
  await fake?.close();
});

describe('Claude Code through the daemon', () => {
  it('runs the first prompt and goes running → idle with the answer on screen', async () => {
    fake.turns.enqueue([{ text: 'The answer is 42.' }]);
    const agent = await rig.client.createAgent({ provider: 'claude/sonnet', cwd: rig.cwd, prompt: 'what is the answer', env, cols: 100, rows: 30 });
    agentId = agent.id;
    await until(async () => /The answer is 42/.test(await rig.screen(agentId)), 'answer on screen', 30_000);
    const idle = await rig.status(agentId, ['idle'], 'idle after the turn');
    expect(idle.attention).toBe('finished');
    expect(idle.providerSessionRef).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.requests.some((r) => (r.body as { model?: string } | null)?.model?.includes('sonnet'))).toBe(true);
  }, MIN);

  it('holds a shell command as an approval request; deny keeps it from running and the model sees the reason', async () => {
    fake.turns.enqueue([{ bash: 'echo denied > denied.txt' }]);
    await rig.client.sendText(agentId, 'run the first command');
    const req = await rig.approval((a) => a.agentId === agentId && a.command === 'echo denied > denied.txt', 'Bash approval');
    expect(req).toMatchObject({ tool: 'Bash', cwd: rig.cwd });
    expect((await rig.status(agentId, ['waiting'], 'waiting on the approval')).attention).toBe('permission');
    await rig.client.decideApproval!(req.id, { behavior: 'deny', message: 'E2E_NO_WRITES' });
    await until(async () => /E2E_NO_WRITES/.test(await rig.screen(agentId)), 'deny reason on screen');
    expect(anthropicToolResults(fake.requests).find((r) => r.content.includes('E2E_NO_WRITES'))?.isError).toBe(true);
    expect(fs.existsSync(path.join(rig.cwd, 'denied.txt'))).toBe(false);
    await rig.status(agentId, ['idle'], 'idle after deny');
  }, MIN);

  it('allow lets the command run', async () => {
    fake.turns.enqueue([{ bash: 'echo allowed > allowed.txt' }]);
    await rig.client.sendText(agentId, 'run the second command');
    const req = await rig.approval((a) => a.command === 'echo allowed > allowed.txt', 'second Bash approval').catch(async (err: unknown) => {
      throw new Error(`${String(err)}\n${(await rig.client.readLogs(agentId, { tail: 40 }))}\n${JSON.stringify(await rig.client.getAgent(agentId))}`);
    });
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    await until(() => fs.existsSync(path.join(rig.cwd, 'allowed.txt')), 'allowed.txt written');
    await rig.status(agentId, ['idle'], 'idle after allow');
  }, MIN);

  it('a file edit arrives with the file and its old/new text', async () => {
    const file = path.join(rig.cwd, 'notes.txt');
    fs.writeFileSync(file, 'hello there\n');
    fake.turns.enqueue([{ edit: { path: file, old: 'hello', new: 'goodbye' } }]);
    await rig.client.sendText(agentId, 'edit the notes');
    const req = await rig.approval((a) => a.tool === 'Edit', 'Edit approval');
    expect(req).toMatchObject({ file, oldText: 'hello', newText: 'goodbye' });
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    await until(() => fs.readFileSync(file, 'utf8') === 'goodbye there\n', 'edit applied');
    await rig.status(agentId, ['idle'], 'idle after edit');
  }, MIN);

  it('daemon killed while a request is pending: the tool does not run', async () => {
    fake.turns.enqueue([{ bash: 'echo late > late.txt' }]);
    await rig.client.sendText(agentId, 'run the late command');
    await rig.approval((a) => a.command === 'echo late > late.txt', 'pending approval');
    const pid = rig.sandbox.daemonPid()!;
    process.kill(pid, 'SIGKILL');
    await until(() => !isAlive(pid), 'daemon gone');
    // The relay's connection dies with the daemon; it answers deny (exit 2), which Claude blocks on.
    await until(() => anthropicToolResults(fake.requests).some((r) => /paseo/.test(r.content) && r.isError), 'model got the relay deny', 5_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1500)); // give a wrongly-allowed tool the time it would need to run
    expect(fs.existsSync(path.join(rig.cwd, 'late.txt'))).toBe(false);
  }, MIN);

  it('after a restart the agent comes back resumed in the same session and cwd', async () => {
    const before = JSON.parse(fs.readFileSync(path.join(rig.sandbox.home, 'agents', `${agentId}.json`), 'utf8')) as { providerSessionRef?: string };
    await rig.startDaemon();
    await rig.connect();
    const agent = await rig.status(agentId, ['idle', 'running', 'waiting'], 'resumed agent live', 40_000);
    expect(agent.providerSessionRef).toBe(before.providerSessionRef);
    expect(agent.cwd).toBe(rig.cwd);
    const cmdline = fs.readFileSync(`/proc/${agent.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain('--resume');
    expect(cmdline).toContain(before.providerSessionRef);
  }, 2 * MIN);
});
