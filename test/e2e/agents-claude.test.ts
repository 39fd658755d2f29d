/**
 * Claude Code end to end: the real CLI in the daemon's PTY against the fake Anthropic server; status from
 * hooks, approvals through the API, and the PreToolUse relay failing closed when the daemon dies.
 * (Resume after a daemon restart: agents-resume.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, anthropicToolResults } from '../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { until } from '../helpers/paseo-cli.js';
import { agentRig, liveInGroup, procState, processesWith, type AgentRig } from './agent-harness.js';
import { fakeModelUser, type FakeModelUser } from './helpers/fake-model-user.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
let env: Record<string, string>;
let agentId: string;
let user: FakeModelUser | undefined;

beforeAll(async () => {
  user = await fakeModelUser('claude', startFakeAnthropic, 'paseo-claude-user-', fs.realpathSync(os.tmpdir()));
  ({ fake, env } = user);
  // The user's own Claude rules allow the "late" command: only paseo's gate (and its relay failing closed) holds it.
  fs.writeFileSync(path.join(env.CLAUDE_CONFIG_DIR!, 'settings.json'), JSON.stringify({ permissions: { allow: ['Bash(echo late:*)'] } }));
  rig = await agentRig();
}, MIN);

afterAll(async () => {
  await rig?.dispose();
  await user?.close();
});

/** The tool_result the model got whose text matches `re`, once it has reached the fake. */
function toolResult(re: RegExp) {
  return anthropicToolResults(fake.requests).find((r) => re.test(r.content));
}

describe('Claude Code through the daemon', () => {
  it('runs the first prompt and goes running → idle with the answer on screen', async () => {
    fake.turns.enqueue([{ text: 'The answer is 42.' }]);
    const agent = await rig.client.createAgent({ provider: 'claude/sonnet', cwd: rig.cwd, prompt: 'what is the answer', env, cols: 100, rows: 30 });
    agentId = agent.id;
    expect(['starting', 'running']).toContain(agent.status);
    // running: the daemon typed the prompt (UserPromptSubmit confirms it); idle: Stop.
    await rig.status(agentId, ['running', 'idle'], 'running after the prompt');
    await rig.until(agentId, async () => /The answer is 42/.test(await rig.screen(agentId)), 'answer on screen');
    const idle = await rig.status(agentId, ['idle'], 'idle after the turn');
    expect(idle.attention).toBe('finished');
    expect(idle.providerSessionRef).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.requests.some((r) => (r.body as { model?: string } | null)?.model?.includes('sonnet'))).toBe(true);
  }, MIN);

  it('holds a shell command as an approval request; deny keeps it from running and the model sees the reason', async () => {
    fake.turns.enqueue([{ bash: 'echo denied > denied.txt' }]);
    await rig.client.sendText(agentId, 'run the first command');
    const req = await rig.approval((a) => a.agentId === agentId && a.command === 'echo denied > denied.txt', 'Bash approval', agentId);
    expect(req).toMatchObject({ tool: 'Bash', cwd: rig.cwd });
    expect((await rig.status(agentId, ['waiting'], 'waiting on the approval')).attention).toBe('permission');
    await rig.client.decideApproval!(req.id, { behavior: 'deny', message: 'E2E_NO_WRITES' });
    await rig.until(agentId, async () => /E2E_NO_WRITES/.test(await rig.screen(agentId)), 'deny reason on screen');
    // The screen shows the error before Claude sends it on: wait for the next model request to carry it.
    const result = await rig.until(agentId, () => toolResult(/E2E_NO_WRITES/), 'deny reason in the model request');
    expect(result.isError).toBe(true);
    await rig.status(agentId, ['idle'], 'idle after deny');
    expect(fs.existsSync(path.join(rig.cwd, 'denied.txt'))).toBe(false);
  }, MIN);

  it('allow lets the command run', async () => {
    fake.turns.enqueue([{ bash: 'echo allowed > allowed.txt' }]);
    await rig.client.sendText(agentId, 'run the second command');
    const req = await rig.approval((a) => a.agentId === agentId && a.command === 'echo allowed > allowed.txt', 'second Bash approval', agentId);
    expect(req).toMatchObject({ tool: 'Bash', cwd: rig.cwd });
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    // The shell creates the file before echo writes into it: wait for the content.
    const marker = path.join(rig.cwd, 'allowed.txt');
    await rig.until(agentId, () => fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === 'allowed\n', 'allowed.txt written');
    await rig.status(agentId, ['idle'], 'idle after allow');
  }, MIN);

  it('a file edit arrives with the file and its old/new text', async () => {
    const file = path.join(rig.cwd, 'notes.txt');
    fs.writeFileSync(file, 'hello there\n');
    fake.turns.enqueue([{ edit: { path: file, old: 'hello', new: 'goodbye' } }]);
    await rig.client.sendText(agentId, 'edit the notes');
    const req = await rig.approval((a) => a.agentId === agentId && a.tool === 'Edit', 'Edit approval', agentId);
    // Named relative to the agent's cwd, as for every CLI (approvals/request-paths.ts).
    expect(req).toMatchObject({ file: 'notes.txt', oldText: 'hello', newText: 'goodbye' });
    expect(fs.readFileSync(file, 'utf8')).toBe('hello there\n');
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    await rig.until(agentId, () => fs.readFileSync(file, 'utf8') === 'goodbye there\n', 'edit applied');
    await rig.status(agentId, ['idle'], 'idle after edit');
  }, MIN);

  it('daemon killed while a request is pending: the tool does not run', async () => {
    fake.turns.enqueue([{ bash: 'echo late > late.txt' }]);
    await rig.client.sendText(agentId, 'run the late command');
    await rig.approval((a) => a.agentId === agentId && a.command === 'echo late > late.txt', 'pending approval', agentId);
    const claudePid = (await rig.client.getAgent(agentId)).pid!;
    // The call is held by the `paseo hook` relay Claude runs for PreToolUse, waiting on the daemon.
    const relays = processesWith(['hook', '--agent', agentId, '--event', 'PreToolUse']);
    expect(relays.length).toBeGreaterThan(0);
    rig.client.dispose();
    const daemonPid = rig.sandbox.daemonPid()!;
    process.kill(daemonPid, 'SIGKILL');
    // The relay's connection dies with the daemon: it answers deny (exit 2) at once instead of hanging or allowing.
    await until(() => relays.every((p) => procState(p) !== 'alive'), 'the relay answered', 10_000);
    // Claude's fate is then decided one of two ways: it blocks the call (the model gets the relay's deny), or
    // it dies of the hangup when the daemon's end of its PTY closes. Either way, wait until it is settled.
    await until(() => liveInGroup(claudePid).length === 0 || toolResult(/paseo denied this/), 'Claude blocked the call or ended', 15_000);
    if (liveInGroup(claudePid).length === 0) expect(procState(claudePid)).not.toBe('alive');
    else expect(toolResult(/paseo denied this/)?.isError).toBe(true);
    expect(fs.existsSync(path.join(rig.cwd, 'late.txt'))).toBe(false);
  }, MIN);
});
