// The audit log through the real daemon (supervisor + HTTP hook endpoint + protocol): a request the default rules
// allow is audited as a rule decision without entering the queue; a person's decision is audited with the client that
// took it (its hello's kind and name, attached by the server); an agent's own on-screen prompt answered from the queue
// is audited too; the chain verifies, and the CLI reads the same file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaseoClient } from '../../src/client/paseo-client.js';
import { openHost, type Host } from '../../src/daemon/open-host.js';
import { until } from '../supervisor/helpers/supervisor-fixture.js';
import { cliEntry } from '../helpers/paseo-cli.js';

const ADAPTERS = `
export const hooky = {
  name: 'hooky', displayName: 'Hooky', models: [], modes: ['default'], interruptKeys: 'INTR\\r', supportsResume: false,
  async detectInstall() { return { installed: true }; },
  async launch(ctx) { return { file: 'bash', args: ['-c', 'while IFS= read -r l; do echo "got:$l"; done'], env: ctx.env, promptDelivery: 'none' }; },
  encodePrompt: (t) => [t, '\\r'], createStateDetector: () => ({ detect: () => 'unknown' }),
  parseHook(name, payload) {
    return name === 'Perm' ? { kind: 'permission', request: { tool: 'Bash', command: payload.command } } : { kind: 'ignored' };
  },
};
export const asky = {
  name: 'asky', displayName: 'Asky', models: [], modes: ['default'], interruptKeys: '\\x03', supportsResume: false,
  screenApprovalKeys: { allow: 'y\\r', deny: 'n\\r' },
  async detectInstall() { return { installed: true }; },
  async launch(ctx) {
    return { file: 'bash', args: ['-c', 'printf "Apply edit? (Y)es/(N)o [Yes]: "; read a; echo "answered:$a"; exec sleep 1000'], env: ctx.env, promptDelivery: 'none' };
  },
  encodePrompt: (t) => [t, '\\r'],
  createStateDetector: () => ({ detect: ({ view }) => (/\\(Y\\)es\\/\\(N\\)o/.test(view.lines().filter(Boolean).pop() ?? '') ? 'waiting' : 'busy') }),
};
`;

const TOKEN = 'c'.repeat(64);
let host: Host | undefined;
let client: PaseoClient | undefined;
let home: string | undefined;

afterEach(async () => {
  client?.dispose();
  await host?.close();
  if (home) rmSync(home, { recursive: true, force: true });
  host = home = client = undefined;
});

function hook(agentId: string, command: string): Promise<unknown> {
  const secret = readFileSync(path.join(home!, 'agents', agentId, 'hook-secret'), 'utf8');
  const body = JSON.stringify({ command });
  const port = new URL(host!.url).port;
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${port}/hooks/${agentId}/Perm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-paseo-hook-secret': secret },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry, ...args], { env: { ...process.env, PASEO_HOME: home! }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('audit through the daemon', () => {
  it('rule decisions, human decisions with their client, screen asks; the chain verifies', async () => {
    home = mkdtempSync(path.join(tmpdir(), 'paseo-audit-'));
    writeFileSync(path.join(home, 'hooky.mjs'), `${ADAPTERS}\nexport default hooky;`);
    writeFileSync(path.join(home, 'asky.mjs'), `${ADAPTERS}\nexport default asky;`);
    writeFileSync(path.join(home, 'config.json'), JSON.stringify({ adapters: { hooky: './hooky.mjs', asky: './asky.mjs' } }));
    host = await openHost({ home, listen: '127.0.0.1:0', token: TOKEN });
    client = await PaseoClient.connect({ url: host.url, token: TOKEN, kind: 'tui', name: 'laptop' });
    const agent = await client.createAgent({ provider: 'hooky', cwd: home, title: 'hooky' });

    // The default rules allow `ls`: answered at once, never queued.
    expect(await hook(agent.id, 'ls -la')).toEqual({ behavior: 'allow' });
    expect(await client.listApprovals()).toEqual([]);

    const answer = hook(agent.id, 'git push origin main');
    const [req] = await until('the push queued', async () => {
      const list = await client!.listApprovals();
      return list.length === 1 && list;
    });
    expect(req!.command).toBe('git push origin main');
    await client.decideApproval(req!.id, { behavior: 'deny', message: 'not to main' });
    expect(await answer).toEqual({ behavior: 'deny', message: 'not to main' });

    const asky = await client.createAgent({ provider: 'asky', cwd: home, title: 'asky' });
    const ask = await until('the screen ask', async () => (await client!.listApprovals()).find((a) => a.agentId === asky.id));
    await client.decideApproval(ask.id, { behavior: 'allow' });

    const lines = await until('four audit lines', async () => {
      const l = await client!.readAudit!();
      return l.length >= 4 && l;
    });
    expect(lines.map((l) => [l.kind, l.agentId, l.outcome, l.how?.by])).toEqual([
      ['decision', agent.id, 'allow', 'rule'],
      ['request', agent.id, undefined, undefined],
      ['decision', agent.id, 'deny', 'human'],
      ['decision', asky.id, 'allow', 'human'],
    ]);
    expect(lines[0]).toMatchObject({ provider: 'hooky', summary: '$ ls -la', how: { rule: 'default read-only-commands', source: 'default' } });
    expect(lines[2]).toMatchObject({ requestId: req!.id, contentHash: lines[1]!.contentHash, message: 'not to main', how: { client: { kind: 'tui', label: 'laptop' } } });
    expect(lines[3]).toMatchObject({ requestId: ask.id, how: { client: { kind: 'tui', label: 'laptop' } } });
    expect(await client.verifyAudit!()).toEqual({ ok: true, lines: 4 });

    const cli = await runCli(['audit', '--agent', agent.id]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('deny by human (tui laptop)  $ git push origin main  — not to main');
    expect((await runCli(['audit', '--verify'])).stdout).toBe('audit log intact: 4 lines chained\n');
  });
});
