// Through the real daemon stack (supervisor + HTTP hook endpoint + protocol): a hook caller that disconnects leaves
// no request pending and no agent waiting, and deciding it says it no longer waits.
import { afterEach, describe, expect, it } from 'vitest';
import { runRelay } from '../../src/cli/commands/hook.js';
import type { PaseoClient } from '../../src/client/paseo-client.js';
import { until } from '../supervisor/helpers/supervisor-fixture.js';
import { TestDaemon, rejection } from '../helpers/test-daemon.js';

const HOOKY = `export default {
  name: 'hooky', displayName: 'Hooky', models: [], modes: ['default'], interruptKeys: '\\x03', supportsResume: false,
  async detectInstall() { return { installed: true }; },
  async launch(ctx) { return { file: 'bash', args: ['-c', 'exec sleep 1000'], env: ctx.env, promptDelivery: 'none' }; },
  encodePrompt: (t) => [t, '\\r'], createStateDetector: () => ({ detect: () => 'unknown' }),
  parseHook(name, payload) {
    return name === 'Perm' ? { kind: 'permission', request: { tool: 'Bash', command: payload.command } } : { kind: 'ignored' };
  },
};`;

const TOKEN = 'a'.repeat(64);
let daemon: TestDaemon | undefined;

afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
});

async function start(): Promise<{ client: PaseoClient; agentId: string; hookUrl: string; secretFile: string }> {
  daemon = await TestDaemon.open({ prefix: 'paseo-hookgone-', token: TOKEN, files: { 'hooky.mjs': HOOKY, 'config.json': JSON.stringify({ adapters: { hooky: './hooky.mjs' } }) } });
  const client = await daemon.connect();
  const agent = await client.createAgent({ provider: 'hooky', cwd: daemon.home });
  return { client, agentId: agent.id, hookUrl: daemon.hookUrl(agent.id), secretFile: daemon.hookSecretFile(agent.id) };
}

/** Sends one permission hook over HTTP and leaves it hanging; resolves with the request (to destroy) once it is queued. */
async function hangingHook(client: PaseoClient, agentId: string, command: string) {
  const req = daemon!.sendHook(agentId, 'Perm', { command });
  req.on('error', () => {}); // the socket is destroyed on purpose
  const [queued] = await until('the request to be queued', async () => {
    const list = await client.listApprovals();
    return list.length > 0 && list;
  });
  return { req, id: queued!.id };
}

describe('hook caller disconnects', () => {
  it('an HTTP hook whose client destroys its socket is cancelled; permit.decide says it no longer waits', async () => {
    const { client, agentId } = await start();
    const { req, id } = await hangingHook(client, agentId, 'git push --force');
    expect((await client.getAgent(agentId)).status).toBe('waiting');

    req.destroy();
    await until('the request to be cancelled', async () => (await client.listApprovals()).length === 0);
    const err = await rejection(client.decideApproval(id, { behavior: 'allow' }));
    expect(err.code).toBe('not_pending');
    expect(err.message).toBe(`request ${id} is no longer waiting (its hook disconnected)`);
    expect((await client.getAgent(agentId)).status).not.toBe('waiting');
  });

  it('`paseo permit allow` on a request whose hook disconnected prints one line and exits 1', async () => {
    const { client, agentId } = await start();
    const { req, id } = await hangingHook(client, agentId, 'make release');
    req.destroy();
    await until('the request to be cancelled', async () => (await client.listApprovals()).length === 0);
    const result = await daemon!.runCli(['permit', 'allow', id]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `paseo: request ${id} is no longer waiting (its hook disconnected)\n` });
  });

  it('the `paseo hook` relay giving up (its own deadline) closes its request, which is cancelled too', async () => {
    const { client, agentId, hookUrl, secretFile } = await start();
    const out: string[] = [];
    const relayed = runRelay(
      { agent: agentId, event: 'Perm', url: hookUrl, secretFile, timeoutMs: '2000', fail: 'closed', daemon: true },
      { stdout: (s) => out.push(s), stderr: () => {}, stdin: async () => JSON.stringify({ command: 'rm -rf build' }) },
    );
    const [queued] = await until('the request to be queued', async () => {
      const list = await client.listApprovals();
      return list.length > 0 && list;
    });
    expect(await relayed).toBe(2);
    await until('the request to be cancelled', async () => (await client.listApprovals()).length === 0);
    expect((await rejection(client.decideApproval(queued!.id, { behavior: 'allow' }))).code).toBe('not_pending');
    expect((await client.getAgent(agentId)).status).not.toBe('waiting');
  });
});
