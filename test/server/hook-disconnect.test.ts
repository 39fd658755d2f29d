// Through the real daemon stack (supervisor + HTTP hook endpoint + protocol): a hook caller that disconnects leaves
// no request pending and no agent waiting, and deciding it says it no longer waits.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRelay } from '../../src/cli/commands/hook.js';
import { PaseoClient } from '../../src/client/paseo-client.js';
import { PaseoError } from '../../src/core/errors.js';
import { openHost, type Host } from '../../src/daemon/open-host.js';
import { until } from '../supervisor/helpers/supervisor-fixture.js';
import { cliEntry } from '../helpers/paseo-cli.js';

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
let host: Host | undefined;
let client: PaseoClient | undefined;
let home: string | undefined;

afterEach(async () => {
  client?.dispose();
  await host?.close();
  if (home) rmSync(home, { recursive: true, force: true });
  client = host = home = undefined;
});

async function start(): Promise<{ host: Host; client: PaseoClient; agentId: string; hookUrl: string; secretFile: string }> {
  home = mkdtempSync(path.join(tmpdir(), 'paseo-hookgone-'));
  writeFileSync(path.join(home, 'hooky.mjs'), HOOKY);
  writeFileSync(path.join(home, 'config.json'), JSON.stringify({ adapters: { hooky: './hooky.mjs' } }));
  host = await openHost({ home, listen: '127.0.0.1:0', token: TOKEN });
  client = await PaseoClient.connect({ url: host.url, token: TOKEN, kind: 'test' });
  const agent = await client.createAgent({ provider: 'hooky', cwd: home });
  const port = new URL(host.url).port;
  return { host, client, agentId: agent.id, hookUrl: `http://127.0.0.1:${port}/hooks/${agent.id}`, secretFile: path.join(home, 'agents', agent.id, 'hook-secret') };
}

/** Sends one permission hook over HTTP and leaves it hanging; resolves with the request (to destroy) once it is queued. */
async function hangingHook(client: PaseoClient, hookUrl: string, secretFile: string, command: string) {
  const secret = readFileSync(secretFile, 'utf8');
  const body = JSON.stringify({ command });
  const req = request(`${hookUrl}/Perm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-paseo-hook-secret': secret },
  });
  req.on('error', () => {}); // the socket is destroyed on purpose
  req.end(body);
  const [queued] = await until('the request to be queued', async () => {
    const list = await client.listApprovals();
    return list.length > 0 && list;
  });
  return { req, id: queued!.id };
}

/** Runs the built CLI against this test's host (its listen address and token). */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const port = new URL(host!.url).port;
    const env = { ...process.env, PASEO_HOME: home!, PASEO_LISTEN: `127.0.0.1:${port}`, PASEO_TOKEN: TOKEN };
    const child = spawn(process.execPath, [cliEntry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function rejection(p: Promise<unknown>): Promise<PaseoError> {
  try {
    await p;
  } catch (err) {
    return err as PaseoError;
  }
  throw new Error('expected a rejection');
}

describe('hook caller disconnects', () => {
  it('an HTTP hook whose client destroys its socket is cancelled; permit.decide says it no longer waits', async () => {
    const { client, agentId, hookUrl, secretFile } = await start();
    const { req, id } = await hangingHook(client, hookUrl, secretFile, 'git push --force');
    expect((await client.getAgent(agentId)).status).toBe('waiting');

    req.destroy();
    await until('the request to be cancelled', async () => (await client.listApprovals()).length === 0);
    const err = await rejection(client.decideApproval(id, { behavior: 'allow' }));
    expect(err.code).toBe('not_pending');
    expect(err.message).toBe(`request ${id} is no longer waiting (its hook disconnected)`);
    expect((await client.getAgent(agentId)).status).not.toBe('waiting');
  });

  it('`paseo permit allow` on a request whose hook disconnected prints one line and exits 1', async () => {
    const { client, hookUrl, secretFile } = await start();
    const { req, id } = await hangingHook(client, hookUrl, secretFile, 'make release');
    req.destroy();
    await until('the request to be cancelled', async () => (await client.listApprovals()).length === 0);
    const result = await runCli(['permit', 'allow', id]);
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
