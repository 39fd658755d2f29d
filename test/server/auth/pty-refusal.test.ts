// With a real supervisor and PTY: keystrokes and prompts from a viewer or an approver never reach the agent (a shell
// running `cat > file` writes nothing), an operator's do; a viewer cannot create or stop agents.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHost, type Host } from '../../../src/daemon/open-host.js';
import { waitUntil } from '../harness.js';
import { WsPeer, deviceCookie, postPair } from './auth-helpers.js';

const TOKEN = 'z'.repeat(64);
let home: string;
let host: Host;
let port: number;
let admin: WsPeer;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-pty-roles-'));
  host = await openHost({ home, listen: '127.0.0.1:0', token: TOKEN });
  port = Number(new URL(host.url).port);
  admin = await WsPeer.hello(host.url, {}, TOKEN);
});

afterAll(async () => {
  admin?.close();
  await host?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

async function device(role: string): Promise<WsPeer> {
  const { code } = (await admin.request('devices.pair', { role })).result as { code: string };
  const cookie = deviceCookie(await postPair(port, code));
  return WsPeer.hello(host.url, { cookie, origin: `http://127.0.0.1:${port}` });
}

describe('roles against a real PTY', () => {
  it('viewer and approver input and prompts are refused and the PTY gets no bytes; the operator\'s arrive', async () => {
    const out = path.join(home, 'typed.txt');
    fs.writeFileSync(out, '');
    const created = await admin.request('agent.create', { provider: 'command', command: ['sh', '-c', `cat > ${out}`], cwd: home, title: 'cat' });
    expect(created.error).toBeUndefined();
    const agentId = (created.result as { id: string }).id;
    const agentsBefore = ((await admin.request('agent.list', {})).result as unknown[]).length;

    for (const role of ['viewer', 'approver']) {
      const peer = await device(role);
      peer.send({ type: 'input', agentId, data: `${role}-keys\r` });
      expect((await peer.request('agent.send', { agentId, text: `${role}-prompt` })).error?.code).toBe('forbidden');
      expect((await peer.request('agent.create', { provider: 'command', command: ['true'], cwd: home })).error?.code).toBe('forbidden');
      expect((await peer.request('agent.stop', { agentId })).error?.code).toBe('forbidden');
      expect((await peer.request('agent.resize', { agentId, cols: 20, rows: 5 })).error?.code).toBe('forbidden');
      expect(peer.messages.filter((m) => m.type === 'error')).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'forbidden' }) })]);
      peer.close();
    }
    const operator = await device('operator');
    operator.send({ type: 'input', agentId, data: 'operator-keys\r' });
    await waitUntil(() => fs.readFileSync(out, 'utf8').includes('operator-keys'), 'the operator\'s keys in the file');
    const text = fs.readFileSync(out, 'utf8');
    expect(text).not.toContain('viewer');
    expect(text).not.toContain('approver');
    const agents = (await admin.request('agent.list', {})).result as Array<{ id: string; status: string; cols: number }>;
    expect(agents).toHaveLength(agentsBefore);
    expect(agents.find((a) => a.id === agentId)).toMatchObject({ status: 'running' });
    expect(agents.find((a) => a.id === agentId)!.cols).not.toBe(20);
    operator.close();
  }, 30_000);
});
