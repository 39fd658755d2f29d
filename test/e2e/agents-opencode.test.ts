/**
 * OpenCode end to end: the real pinned opencode TUI in the daemon's PTY (under paseo's bridge) against the fake
 * Anthropic server; status from OpenCode's event stream, approvals through the API answered on OpenCode's
 * permission endpoint, and the daemon killed while a request is pending. OpenCode is heavy (≈1 GB, 4–6 s to
 * start on an idle machine, much more under load): one agent for the whole file, generous bounded deadlines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../src/core/agent.js';
import { anthropicToolResults, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { cliUserEnv } from '../fixtures/agents/cli-env.js';
import { isAlive, until } from '../helpers/paseo-cli.js';
import { agentRig, liveInGroup, type AgentRig } from './agent-harness.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
let env: Record<string, string>;
let tmpHome: string;
let agentId: string;
let agentPid: number | undefined;
const statuses: AgentStatus[] = [];
const saved: Record<string, string | undefined> = {};
const USER_ENV = ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'OPENCODE_CONFIG', 'OPENCODE_DISABLE_MODELS_FETCH', 'OPENCODE_DISABLE_AUTOUPDATE', 'OPENCODE_DISABLE_LSP_DOWNLOAD', 'OPENCODE_DISABLE_SHARE'];

/** Zombies count as gone (PID 1 here may not reap): they run nothing. */
const groupAlive = (pid: number): boolean => liveInGroup(pid).length > 0;

/** Waits for `pred` on the agent's screen; on timeout the error carries the screen and the record. */
async function onScreen(pred: RegExp, what: string, timeoutMs = 30_000): Promise<void> {
  try {
    await until(async () => pred.test(await rig.screen(agentId)), what, timeoutMs);
  } catch (err) {
    const logs = await rig.client.readLogs(agentId, { tail: 40 }).catch(() => '');
    const rec = await rig.client.getAgent(agentId).catch(() => undefined);
    throw new Error(`${String(err)}\n--- screen ---\n${logs}\n--- record ---\n${JSON.stringify(rec)}`);
  }
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  tmpHome = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-opencode-user-'));
  env = cliUserEnv('opencode', { home: tmpHome, cwd: fs.realpathSync(os.tmpdir()), fakeUrl: fake.url });
  // The supervisor does not persist an agent's creation env, so a resumed agent only sees the daemon's: give the
  // daemon the "user's" OpenCode setup (this worker process only; restored after). HOME stays the sandbox's.
  for (const k of USER_ENV) {
    saved[k] = process.env[k];
    process.env[k] = env[k];
  }
  rig = await agentRig();
  rig.client.onDidChangeAgent((e) => {
    if (e.kind !== 'removed' && e.agent.id === agentId && statuses[statuses.length - 1] !== e.agent.status) statuses.push(e.agent.status);
  });
}, MIN);

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await rig?.dispose();
  // The agent's process group went with the daemon's PTY; make sure (≈1 GB each).
  if (agentPid && groupAlive(agentPid)) {
    try {
      process.kill(-agentPid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await fake?.close();
  fs.rmSync(tmpHome, { recursive: true, force: true });
}, MIN);

describe('OpenCode through the daemon', () => {
  it('runs the first prompt and goes running → idle with the answer on screen', async () => {
    fake.turns.enqueue([{ text: 'The answer is 42.' }]);
    const agent = await rig.client.createAgent({ provider: 'opencode/anthropic/claude-sonnet-4-5', cwd: rig.cwd, prompt: 'what is the answer', env, cols: 100, rows: 30 });
    agentId = agent.id;
    agentPid = agent.pid;
    await onScreen(/The answer is 42/, 'answer on screen', 90_000);
    const idle = await rig.status(agentId, ['idle'], 'idle after the turn');
    expect(idle.attention).toBe('finished');
    expect(idle.providerSessionRef).toMatch(/^ses_/);
    expect(statuses).toContain('running');
    expect(statuses.indexOf('running')).toBeLessThan(statuses.lastIndexOf('idle'));
    expect(fake.requests.some((r) => (r.body as { model?: string } | null)?.model === 'claude-sonnet-4-5')).toBe(true);
  }, 2 * MIN);

  it('holds a shell command as an approval request; deny keeps it from running and the agent shows the reason', async () => {
    fake.turns.enqueue([{ bash: 'echo denied > denied.txt' }]);
    await rig.client.sendText(agentId, 'run the first command');
    const req = await rig.approval((a) => a.agentId === agentId && a.command === 'echo denied > denied.txt', 'bash approval');
    expect(req).toMatchObject({ tool: 'bash', cwd: rig.cwd });
    expect((await rig.status(agentId, ['waiting'], 'waiting on the approval')).attention).toBe('permission');
    await rig.client.decideApproval!(req.id, { behavior: 'deny', message: 'E2E_NO_WRITES' });
    await onScreen(/E2E_NO_WRITES/, 'deny reason on screen');
    expect(anthropicToolResults(fake.requests).find((r) => r.content.includes('E2E_NO_WRITES'))).toBeTruthy();
    expect(fs.existsSync(path.join(rig.cwd, 'denied.txt'))).toBe(false);
    await rig.status(agentId, ['idle'], 'idle after deny');
  }, MIN);

  it('allow lets the command run', async () => {
    fake.turns.enqueue([{ bash: 'echo allowed > allowed.txt' }]);
    await rig.client.sendText(agentId, 'run the second command');
    const req = await rig.approval((a) => a.command === 'echo allowed > allowed.txt', 'second bash approval');
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    const out = path.join(rig.cwd, 'allowed.txt');
    await until(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8') === 'allowed\n', 'allowed.txt written');
    await rig.status(agentId, ['idle'], 'idle after allow');
  }, MIN);

  it('a file edit arrives with the file and its old/new text', async () => {
    const file = path.join(rig.cwd, 'notes.txt');
    fs.writeFileSync(file, 'hello there\n');
    fake.turns.enqueue([{ edit: { path: file, old: 'hello', new: 'goodbye' } }]);
    await rig.client.sendText(agentId, 'edit the notes');
    // Named relative to the agent's cwd, as for every CLI (approvals/request-paths.ts).
    const req = await rig.approval((a) => a.agentId === agentId && a.file === 'notes.txt', 'edit approval');
    expect(req).toMatchObject({ tool: 'edit', file: 'notes.txt', oldText: 'hello', newText: 'goodbye' });
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    await until(() => fs.readFileSync(file, 'utf8') === 'goodbye there\n', 'edit applied');
    await rig.status(agentId, ['idle'], 'idle after edit');
  }, MIN);

  it('daemon killed while a request is pending: the tool does not run', async () => {
    fake.turns.enqueue([{ bash: 'echo late > late.txt' }]);
    await rig.client.sendText(agentId, 'run the late command');
    await rig.approval((a) => a.command === 'echo late > late.txt', 'pending approval');
    const pid = rig.sandbox.daemonPid()!;
    const agent = await rig.client.getAgent(agentId);
    agentPid = agent.pid;
    process.kill(pid, 'SIGKILL');
    await until(() => !isAlive(pid), 'daemon gone');
    // Either the PTY's hangup ends OpenCode, or the bridge's hook call fails and it rejects the permission
    // (fail closed). Both are final: once the group is gone or the model got the reject, nothing can run it.
    const rejected = () => anthropicToolResults(fake.requests).some((r) => /paseo denied this/.test(r.content));
    const outcome = await until(() => (!groupAlive(agentPid!) ? 'exited' : rejected() ? 'rejected' : undefined), 'agent gone or permission rejected', 30_000);
    expect(['exited', 'rejected']).toContain(outcome);
    expect(fs.existsSync(path.join(rig.cwd, 'late.txt'))).toBe(false);
  }, MIN);

  it('after a restart the agent comes back in the same OpenCode session', async () => {
    const before = JSON.parse(fs.readFileSync(path.join(rig.sandbox.home, 'agents', `${agentId}.json`), 'utf8')) as { providerSessionRef?: string };
    expect(before.providerSessionRef).toMatch(/^ses_/);
    await rig.startDaemon();
    await rig.connect();
    const agent = await rig.status(agentId, ['idle', 'running', 'waiting'], 'resumed agent live', 60_000);
    agentPid = agent.pid;
    expect(agent.providerSessionRef).toBe(before.providerSessionRef);
    const cmdline = fs.readFileSync(`/proc/${agent.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline.slice(cmdline.indexOf('--'))).toEqual(expect.arrayContaining(['--session', before.providerSessionRef]));
    // The session carries on: the model gets the earlier conversation with the new prompt. (What the fake
    // answers is not asserted: when the killed turn's reject was saved, OpenCode sends it and the new prompt
    // in one user message, which the fake reads as a tool result.)
    fake.turns.enqueue([{ text: 'Back in the same session.' }]);
    const seen = fake.requests.length;
    await rig.client.sendText(agentId, 'are you back');
    const req = await rig.until(agentId, () => fake.requests.slice(seen).find((r) => JSON.stringify(r.body).includes('are you back')), 'prompt reached the model after resume', 60_000);
    expect(JSON.stringify(req.body)).toContain('what is the answer');
    await rig.until(agentId, async () => fake.requests.length > seen && (await rig.client.getAgent(agentId)).status === 'idle', 'idle after the resumed turn', 60_000);
  }, 2 * MIN);
});
