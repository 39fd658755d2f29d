/**
 * Codex end to end: the real pinned CLI in the daemon's PTY against the fake OpenAI Responses server; status
 * from hooks, approvals through the API (PreToolUse gate + PermissionRequest), the relay failing closed when
 * the daemon is killed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, openaiToolOutputs } from '../fakes/fake-openai.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { cliUserEnv } from '../fixtures/agents/cli-env.js';
import { isAlive, until } from '../helpers/paseo-cli.js';
import type { ApprovalInfo } from '../../src/core/protocol.js';
import { agentRig, type AgentRig } from './agent-harness.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
let env: Record<string, string>;
let agentId: string;

/** Every approval request the daemon queued, in order (a tool call must be asked about once). */
const seen: ApprovalInfo[] = [];

async function approval(pred: (a: ApprovalInfo) => boolean, what: string): Promise<ApprovalInfo> {
  try {
    const a = await rig.approval((x) => x.agentId === agentId && pred(x), what);
    if (!seen.some((s) => s.id === a.id)) seen.push(a);
    return a;
  } catch (err) {
    throw new Error(`${String(err)}\n--- screen ---\n${await rig.client.readLogs(agentId, { tail: 40 })}\n--- agent ---\n${JSON.stringify(await rig.client.getAgent(agentId))}`);
  }
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  const tmpHome = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-codex-user-'));
  rig = await agentRig();
  env = cliUserEnv('codex', { home: tmpHome, cwd: rig.cwd, fakeUrl: fake.url });
}, MIN);

afterAll(async () => {
  await rig?.dispose();
  await fake?.close();
});

describe('Codex through the daemon', () => {
  it('runs the first prompt and goes running → idle with the answer on screen', async () => {
    fake.turns.enqueue([{ text: 'The answer is 42.' }]);
    const agent = await rig.client.createAgent({ provider: 'codex/gpt-5.5', cwd: rig.cwd, prompt: 'what is the answer', env, cols: 100, rows: 30 });
    agentId = agent.id;
    await rig.status(agentId, ['running', 'waiting'], 'running once the prompt is in');
    await until(async () => /The answer is 42/.test(await rig.screen(agentId)), 'answer on screen', 30_000);
    const idle = await rig.status(agentId, ['idle'], 'idle after the turn');
    expect(idle.attention).toBe('finished');
    expect(idle.providerSessionRef).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.requests.some((r) => (r.body as { model?: string } | null)?.model === 'gpt-5.5')).toBe(true);
  }, MIN);

  it('holds a shell command as an approval; deny keeps it from running and the model gets the reason', async () => {
    fake.turns.enqueue([{ bash: 'echo denied > denied.txt' }]);
    await rig.client.sendText(agentId, 'run the first command');
    const req = await approval((a) => a.command === 'echo denied > denied.txt', 'Bash approval');
    expect(req).toMatchObject({ tool: 'Bash', cwd: rig.cwd });
    expect((await rig.status(agentId, ['waiting'], 'waiting on the approval')).attention).toBe('permission');
    await rig.client.decideApproval!(req.id, { behavior: 'deny', message: 'E2E_NO_WRITES' });
    await until(() => openaiToolOutputs(fake.requests).some((o) => o.includes('E2E_NO_WRITES')), 'model got the deny reason');
    await until(async () => /E2E_NO_WRITES/.test(await rig.screen(agentId)), 'deny reason on screen');
    await rig.status(agentId, ['idle'], 'idle after deny');
    expect(fs.existsSync(path.join(rig.cwd, 'denied.txt'))).toBe(false);
  }, MIN);

  it('allow lets the command run', async () => {
    fake.turns.enqueue([{ bash: 'echo allowed > allowed.txt' }]);
    await rig.client.sendText(agentId, 'run the second command');
    const req = await approval((a) => a.command === 'echo allowed > allowed.txt', 'second Bash approval');
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    await until(() => fs.existsSync(path.join(rig.cwd, 'allowed.txt')), 'allowed.txt written');
    await rig.status(agentId, ['idle'], 'idle after allow');
  }, MIN);

  it('a command that asks to leave the sandbox is asked about once, and runs when allowed', async () => {
    fake.turns.enqueue([{ escalate: 'echo escalated > escalated.txt' }]);
    await rig.client.sendText(agentId, 'run the escalated command');
    const req = await approval((a) => a.command === 'echo escalated > escalated.txt', 'escalated approval');
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    await until(() => fs.existsSync(path.join(rig.cwd, 'escalated.txt')), 'escalated.txt written');
    await rig.status(agentId, ['idle'], 'idle after the escalated command');
    expect(seen.filter((a) => a.command === 'echo escalated > escalated.txt')).toHaveLength(1);
    expect((await rig.client.listApprovals()).filter((a) => a.agentId === agentId)).toEqual([]);
  }, MIN);

  it('a patch that edits a file arrives with the file and its old/new text', async () => {
    const file = path.join(rig.cwd, 'notes.txt');
    fs.writeFileSync(file, 'hello there\n');
    fake.turns.enqueue([{ patch: `*** Begin Patch\n*** Update File: ${file}\n@@\n-hello there\n+goodbye there\n*** End Patch` }]);
    await rig.client.sendText(agentId, 'edit the notes');
    const req = await approval((a) => a.tool === 'apply_patch', 'apply_patch approval');
    // Named relative to the agent's cwd and summarised by its file (approvals/request-paths.ts).
    expect(req).toMatchObject({ file: 'notes.txt', summary: 'patch notes.txt', oldText: 'hello there', newText: 'goodbye there' });
    // Its detail: the file on disk against after the patch.
    expect((await rig.client.showApproval(req.id)).files).toEqual([
      { path: 'notes.txt', status: 'modified', hunks: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: ['-hello there', '+goodbye there'] }] },
    ]);
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    await until(() => fs.readFileSync(file, 'utf8') === 'goodbye there\n', 'edit applied');
    await rig.status(agentId, ['idle'], 'idle after edit');
  }, MIN);

  it('a patch that adds a file arrives with its full content', async () => {
    const file = path.join(rig.cwd, 'new.txt');
    fake.turns.enqueue([{ patch: `*** Begin Patch\n*** Add File: ${file}\n+first\n+second\n*** End Patch` }]);
    await rig.client.sendText(agentId, 'add a file');
    // Named relative to the agent's cwd, as for every CLI (approvals/request-paths.ts).
    const req = await approval((a) => a.tool === 'apply_patch' && a.file === 'new.txt', 'add-file approval');
    expect(req.content).toBe('first\nsecond\n');
    await rig.client.decideApproval!(req.id, { behavior: 'deny', message: 'E2E_NO_NEW_FILES' });
    await until(() => openaiToolOutputs(fake.requests).some((o) => o.includes('E2E_NO_NEW_FILES')), 'model got the patch deny');
    await rig.status(agentId, ['idle'], 'idle after the denied patch');
    expect(fs.existsSync(file)).toBe(false);
  }, MIN);

  it('daemon killed while a request is pending: the tool does not run', async () => {
    fake.turns.enqueue([{ bash: 'echo late > late.txt' }]);
    await rig.client.sendText(agentId, 'run the late command');
    await approval((a) => a.command === 'echo late > late.txt', 'pending approval');
    const agentPid = (await rig.client.getAgent(agentId)).pid!;
    const pid = rig.sandbox.daemonPid()!;
    process.kill(pid, 'SIGKILL');
    await until(() => !isAlive(pid), 'daemon gone');
    // The relay loses its connection and answers deny (exit 2): the CLI blocks the call and tells the model. If the
    // CLI dies with its terminal first, the call can never run either. Either way the outcome is final.
    const deniedToModel = () => openaiToolOutputs(fake.requests).some((o) => /blocked by PreToolUse hook/i.test(o) && /paseo/i.test(o));
    await until(() => deniedToModel() || !isAlive(agentPid), 'relay deny reached the model, or the agent is gone', 20_000);
    expect(fs.existsSync(path.join(rig.cwd, 'late.txt'))).toBe(false);
  }, MIN);
});
