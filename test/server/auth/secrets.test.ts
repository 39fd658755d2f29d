// No secret in a log line, a served file or argv (security LOG-1): the local token, a pairing code, a device
// credential and canary values sent on failure paths never appear in daemon.log, in the page or its scripts, or in
// the daemon's command line; a real daemon started by the built CLI, with TLS, pairs and serves its devices.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaseoSandbox } from '../../helpers/paseo-cli.js';
import { WsPeer, deviceCookie, httpRequest, postPair } from './auth-helpers.js';

let sandbox: PaseoSandbox | undefined;
afterEach(async () => {
  await sandbox?.dispose();
  sandbox = undefined;
});

const CANARY_CODE = 'CANARYpairCODE0123456789ab';
const CANARY_TOKEN = 'CANARYtoken'.padEnd(64, '9');
const CANARY_COOKIE = 'CANARYcookie'.padEnd(43, '7');

/** Every src/href of a page, fetched too (the page's scripts and styles). */
async function servedFiles(port: number): Promise<string[]> {
  const page = await httpRequest(port, { path: '/' });
  const bodies = [page.body];
  for (const m of page.body.matchAll(/(?:src|href)="(\/[^"#?]*)"/g)) bodies.push((await httpRequest(port, { path: m[1]! })).body);
  return bodies;
}

describe('secrets', () => {
  it('no token, code or credential in daemon.log, served files or argv, on success and failure paths', async () => {
    sandbox = await PaseoSandbox.create();
    const port = Number(sandbox.listen.split(':')[1]);
    const origin = `http://${sandbox.listen}`;
    expect((await sandbox.run(['daemon', 'start'])).code).toBe(0);
    const token = sandbox.token();

    const paired = await sandbox.run(['--json', 'pair', '--role', 'operator', '--label', 'test phone', '--ttl', '2m']);
    expect(paired.code, paired.stderr).toBe(0);
    const info = JSON.parse(paired.stdout) as { code: string; url: string; role: string };
    expect(info.url).toBe(`${origin}/#pair=${info.code}`);
    const human = await sandbox.run(['pair', '--label', 'second']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`${origin.replace(/\./g, '\\.')}/#pair=[A-Za-z0-9_-]{22}`));
    expect(human.stdout).toMatch(/[▀▄█]/); // the QR code

    // Failure paths, each with a canary.
    expect((await postPair(port, CANARY_CODE)).status).toBe(403);
    await expect(WsPeer.open(`ws://${sandbox.listen}/ws`, { origin, cookie: `paseo_device=${CANARY_COOKIE}` })).rejects.toMatchObject({ status: 401 });
    const wrong = await WsPeer.open(`ws://${sandbox.listen}/ws`, {});
    wrong.send({ type: 'hello', protocol: 1, client: { kind: 'test' }, token: CANARY_TOKEN });
    await wrong.next((m) => m.type === 'error', 'refusal');
    wrong.close();
    expect((await httpRequest(port, { path: `/api/session?token=${CANARY_TOKEN}`, headers: { referer: `${origin}/?code=${CANARY_CODE}` } })).status).toBe(401);

    // Success paths.
    const cookie = deviceCookie(await postPair(port, info.code));
    const credential = cookie.split('=')[1]!;
    const phone = await WsPeer.hello(`ws://${sandbox.listen}/ws`, { origin, cookie });
    expect(phone.messages[0]).toMatchObject({ type: 'welcome', role: 'operator' });
    expect((await phone.request('agent.list', {})).error).toBeUndefined();
    phone.close();
    const ls = await sandbox.run(['--json', 'devices', 'ls']);
    const devices = JSON.parse(ls.stdout) as Array<{ id: string; label: string; role: string }>;
    expect(devices.map((d) => [d.label, d.role])).toEqual([['test phone', 'operator']]);
    expect(JSON.stringify(devices)).not.toContain(credential);

    const secrets = { token, code: info.code, credential, CANARY_CODE, CANARY_TOKEN, CANARY_COOKIE };
    const log = fs.readFileSync(path.join(sandbox.home, 'daemon.log'), 'utf8');
    expect(log).toContain('pair.refused'); // the failures were logged, without what was presented
    const pid = sandbox.daemonPid()!;
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const served = (await servedFiles(port)).join('\n');
    const devicesFile = fs.readFileSync(path.join(sandbox.home, 'devices.json'), 'utf8');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(log.includes(secret), `${name} in daemon.log`).toBe(false);
      expect(argv.includes(secret), `${name} in argv`).toBe(false);
      expect(served.includes(secret), `${name} in a served file`).toBe(false);
      expect(devicesFile.includes(secret), `${name} in devices.json`).toBe(false);
    }
    // Nothing token-shaped at all in the log: no 64-hex token, no 43-character base64url credential.
    expect(log.match(/\b[0-9a-f]{64}\b/g)).toBeNull();
    expect(log.match(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g)).toBeNull();

    const unknown = await sandbox.run(['devices', 'revoke', 'dev_nope']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim()).toBe('paseo: no device dev_nope');
    const revoke = await sandbox.run(['devices', 'revoke', devices[0]!.id]);
    expect(revoke.stdout).toContain(`revoked ${devices[0]!.id}`);
    await expect(WsPeer.open(`ws://${sandbox.listen}/ws`, { origin, cookie })).rejects.toMatchObject({ status: 401 });
  }, 60_000);

  it('a daemon started with --tls-cert/--tls-key serves https to phones while the CLI and hooks keep working', async () => {
    sandbox = await PaseoSandbox.create();
    const dir = sandbox.home;
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const started = await sandbox.run(['daemon', 'start', '--tls-cert', cert, '--tls-key', key]);
    expect(started.code, started.stderr).toBe(0);
    const port = Number(sandbox.listen.split(':')[1]);
    expect((await httpRequest(port, { path: '/api/health', tls: true })).status).toBe(200);
    const paired = await sandbox.run(['--json', 'pair', '--role', 'viewer']);
    expect(paired.code, paired.stderr).toBe(0);
    expect(JSON.parse(paired.stdout).url).toMatch(new RegExp(`^https://${sandbox.listen.replace(/\./g, '\\.')}/#pair=`));
    // The CLI reaches it through the home's unix socket, daemon status included.
    const status = await sandbox.run(['daemon', 'status']);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^daemon running: pid \d+/);
    const run = await sandbox.run(['--json', 'run', '--provider', 'shell', '--title', 'tls-shell']);
    expect(run.code, run.stderr).toBe(0);
    expect((await sandbox.run(['ls'])).stdout).toContain('tls-shell');
    // Agents' hooks get a plain loopback listener of the same daemon (an agent CLI would refuse a self-signed certificate).
    const listening = fs
      .readFileSync(path.join(sandbox.home, 'daemon.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('server.listening'))
      .map((l) => JSON.parse(l) as { listen: string; scheme: string });
    expect(listening.map((l) => l.scheme).sort()).toEqual(['http', 'https']);
    const hookListen = listening.find((l) => l.scheme === 'http')!.listen;
    expect(hookListen).toMatch(/^127\.0\.0\.1:\d+$/);
    const hookPort = Number(hookListen.split(':')[1]);
    const hook = await httpRequest(hookPort, { method: 'POST', path: '/hooks/nope/PreToolUse', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(hook.status).toBe(404); // reached the hook route: no agent of that id
  }, 60_000);
});
