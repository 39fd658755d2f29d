/**
 * Gemini CLI end to end: the real pinned CLI in the daemon's PTY against the fake Gemini server. Gemini's hooks
 * can deny but not approve, so in the asking modes it runs in yolo behind paseo's fail-closed BeforeTool gate:
 * these tests prove the gate holds the call, a deny stops it, an allow lets it run and a dead daemon denies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini, geminiToolResponses } from '../fakes/fake-gemini.js';
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

async function approval(pred: (a: ApprovalInfo) => boolean, what: string): Promise<ApprovalInfo> {
  try {
    return await rig.approval((x) => x.agentId === agentId && pred(x), what);
  } catch (err) {
    throw new Error(`${String(err)}\n--- screen ---\n${await rig.client.readLogs(agentId, { tail: 40 })}\n--- agent ---\n${JSON.stringify(await rig.client.getAgent(agentId))}`);
  }
}

/** Waits for text on the agent's screen; on timeout the error carries the screen. */
async function onScreen(re: RegExp, what: string, timeoutMs = 30_000): Promise<void> {
  try {
    await until(async () => re.test(await rig.screen(agentId)), what, timeoutMs);
  } catch (err) {
    throw new Error(`${String(err)}\n--- screen ---\n${await rig.client.readLogs(agentId, { tail: 40 })}\n--- agent ---\n${JSON.stringify(await rig.client.getAgent(agentId))}\n--- model requests ---\n${fake.requests.map((r) => `${r.method} ${r.path}`).join('\n')}`);
  }
}

beforeAll(async () => {
  fake = await startFakeGemini();
  const tmpHome = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-gemini-user-'));
  rig = await agentRig();
  env = cliUserEnv('gemini', { home: tmpHome, cwd: rig.cwd, fakeUrl: fake.url });
}, MIN);

afterAll(async () => {
  await rig?.dispose();
  await fake?.close();
});

describe('Gemini CLI through the daemon', () => {
  it('runs the first prompt and goes running → idle with the answer on screen', async () => {
    fake.turns.enqueue([{ text: 'The answer is 42.' }]);
    const agent = await rig.client.createAgent({ provider: 'gemini/gemini-2.5-flash', cwd: rig.cwd, prompt: 'what is the answer', env, cols: 100, rows: 30 });
    agentId = agent.id;
    await onScreen(/The answer is 42/, 'answer on screen', 40_000);
    const idle = await rig.status(agentId, ['idle'], 'idle after the turn');
    expect(idle.attention).toBe('finished');
    expect(idle.providerSessionRef).toBeTruthy();
    expect(fake.requests.some((r) => r.path.includes('gemini-2.5-flash'))).toBe(true);
  }, MIN);

  it('holds a shell command as an approval; deny keeps it from running and the model gets the reason', async () => {
    fake.turns.enqueue([{ bash: 'echo denied > denied.txt' }]);
    await rig.client.sendText(agentId, 'run the first command');
    const req = await approval((a) => a.command === 'echo denied > denied.txt', 'shell approval');
    expect(req).toMatchObject({ tool: 'run_shell_command', cwd: rig.cwd });
    expect((await rig.status(agentId, ['waiting'], 'waiting on the approval')).attention).toBe('permission');
    await rig.client.decideApproval!(req.id, { behavior: 'deny', message: 'E2E_NO_WRITES' });
    await until(() => geminiToolResponses(fake.requests).some((o) => o.includes('E2E_NO_WRITES')), 'model got the deny reason');
    await onScreen(/E2E_NO_WRITES/, 'deny reason on screen');
    await rig.status(agentId, ['idle'], 'idle after deny');
    expect(fs.existsSync(path.join(rig.cwd, 'denied.txt'))).toBe(false);
  }, MIN);

  it('allow lets the command run', async () => {
    fake.turns.enqueue([{ bash: 'echo allowed > allowed.txt' }]);
    await rig.client.sendText(agentId, 'run the second command');
    const req = await approval((a) => a.command === 'echo allowed > allowed.txt', 'second shell approval');
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    await until(() => fs.existsSync(path.join(rig.cwd, 'allowed.txt')), 'allowed.txt written');
    await rig.status(agentId, ['idle'], 'idle after allow');
    expect((await rig.client.listApprovals()).filter((a) => a.agentId === agentId)).toEqual([]);
  }, MIN);

  it('a file edit arrives with the file and its old/new text', async () => {
    const file = path.join(rig.cwd, 'notes.txt');
    fs.writeFileSync(file, 'hello there\n');
    fake.turns.enqueue([{ edit: { path: file, old: 'hello', new: 'goodbye' } }]);
    await rig.client.sendText(agentId, 'edit the notes');
    const req = await approval((a) => a.tool === 'replace', 'replace approval');
    // Named relative to the agent's cwd, as for every CLI; its detail is the diff of the file on disk.
    expect(req).toMatchObject({ file: 'notes.txt', summary: 'edit notes.txt', oldText: 'hello', newText: 'goodbye' });
    expect((await rig.client.showApproval(req.id)).files[0]!.hunks[0]!.lines).toEqual(['-hello there', '+goodbye there']);
    await rig.client.decideApproval!(req.id, { behavior: 'allow' });
    await until(() => fs.readFileSync(file, 'utf8') === 'goodbye there\n', 'edit applied');
    await rig.status(agentId, ['idle'], 'idle after edit');
  }, MIN);

  it('a new file arrives with its full content; deny keeps it unwritten', async () => {
    const file = path.join(rig.cwd, 'new.txt');
    fake.turns.enqueue([{ write: { path: file, content: 'first\nsecond\n' } }]);
    await rig.client.sendText(agentId, 'write a file');
    const req = await approval((a) => a.tool === 'write_file', 'write_file approval');
    expect(req).toMatchObject({ file: 'new.txt', content: 'first\nsecond\n' });
    expect((await rig.client.showApproval(req.id)).files[0]).toMatchObject({ path: 'new.txt', status: 'added' });
    await rig.client.decideApproval!(req.id, { behavior: 'deny', message: 'E2E_NO_NEW_FILES' });
    await until(() => geminiToolResponses(fake.requests).some((o) => o.includes('E2E_NO_NEW_FILES')), 'model got the write deny');
    await rig.status(agentId, ['idle'], 'idle after the denied write');
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
    const deniedToModel = () => geminiToolResponses(fake.requests).some((o) => /paseo/i.test(o) && /blocked/i.test(o));
    await until(() => deniedToModel() || !isAlive(agentPid), 'relay deny reached the model, or the agent is gone', 20_000);
    expect(fs.existsSync(path.join(rig.cwd, 'late.txt'))).toBe(false);
  }, MIN);
});
