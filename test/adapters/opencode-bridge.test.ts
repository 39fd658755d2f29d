/**
 * The OpenCode bridge fails closed, with the real pinned opencode in a PTY and a stand-in daemon: a hook call
 * the daemon refuses, or one whose connection dies while pending (daemon killed, OpenCode still alive), ends
 * in a reject on OpenCode's permission endpoint: the tool does not run and the model is told why.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import opencode from '../../adapters/opencode/index.js';
import { anthropicToolResults, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { cliUserEnv } from '../fixtures/agents/cli-env.js';
import { until } from '../helpers/paseo-cli.js';

const MIN = 60_000;
type Mode = 'refuse' | 'hang';
let mode: Mode = 'refuse';
const calls: Array<{ event: string; secret: string | undefined; body: Record<string, unknown> }> = [];
const held: http.ServerResponse[] = [];
let daemon: http.Server;
let fake: FakeModelServer;
let tmp: string;
let cwd: string;
let proc: pty.IPty | undefined;
let term: xterm.Terminal;

const screen = (): string => {
  const b = term.buffer.active;
  const out: string[] = [];
  for (let i = 0; i < b.length; i++) out.push(b.getLine(i)?.translateToString(true) ?? '');
  return out.join('\n').replace(/\s+/g, ' ');
};

/** The last status the bridge reported: a prompt is typed only into an idle OpenCode (a busy one may not echo it yet). */
const lastStatus = (): unknown => [...calls].reverse().find((c) => c.event === 'session.status')?.body.status;

/** Pastes like paseo's prompt delivery does: once more if OpenCode never showed it (under load it can drop one). */
async function type(text: string): Promise<void> {
  const paste = `\x1b[200~${text}\x1b[201~`;
  proc!.write(paste);
  try {
    await until(() => screen().includes(text), 'prompt echoed', 5_000);
  } catch {
    proc!.write(paste);
    await until(() => screen().includes(text), 'prompt echoed after a second paste', 10_000);
  }
  proc!.write('\r');
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-oc-bridge-')));
  cwd = path.join(tmp, 'project');
  const agentDir = path.join(tmp, 'agent');
  fs.mkdirSync(cwd);
  fs.mkdirSync(agentDir, { mode: 0o700 });
  daemon = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const event = decodeURIComponent(req.url!.split('/').pop()!);
      calls.push({ event, secret: req.headers['x-paseo-hook-secret'] as string | undefined, body: JSON.parse(body) as Record<string, unknown> });
      if (event !== 'permission.asked') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      if (mode === 'refuse') return void res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":"forbidden"}');
      held.push(res); // never answered: the test destroys the connection, as a killed daemon would
    });
  });
  await new Promise<void>((r) => daemon.listen(0, '127.0.0.1', r));
  const port = (daemon.address() as AddressInfo).port;
  const env = cliUserEnv('opencode', { home: path.join(tmp, 'home'), cwd, fakeUrl: fake.url });
  const spec = await opencode.launch({
    agentId: 'a1',
    cwd,
    mode: 'default',
    agentDir,
    env,
    hook: { url: `http://127.0.0.1:${port}/hooks/a1`, secret: 'the-secret', relayCommand: [] },
  });
  for (const f of spec.files ?? []) fs.writeFileSync(f.path, f.content, { mode: f.mode });
  term = new xterm.Terminal({ cols: 100, rows: 30, allowProposedApi: true });
  proc = pty.spawn(spec.file, spec.args, { name: 'xterm-256color', cols: 100, rows: 30, cwd, env: spec.env });
  proc.onData((d) => term.write(d));
  await until(() => /Ask anything/.test(screen()), 'opencode ready', 90_000);
  // The event stream is followed once OpenCode's server answers; its first status comes with the first prompt.
}, 2 * MIN);

afterAll(async () => {
  if (proc) {
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const r of held) r.destroy();
  daemon?.closeAllConnections();
  daemon?.close();
  await fake?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('OpenCode bridge (real opencode, stand-in daemon)', () => {
  it('a refused hook call rejects the permission: the command does not run, the model hears paseo denied it', async () => {
    mode = 'refuse';
    fake.turns.enqueue([{ bash: 'echo refused > refused.txt' }]);
    await type('run the refused command');
    await until(() => anthropicToolResults(fake.requests).some((r) => /paseo denied this.*403/.test(r.content)), 'model got the reject', 45_000);
    expect(fs.existsSync(path.join(cwd, 'refused.txt'))).toBe(false);
    const asked = calls.find((c) => c.event === 'permission.asked')!;
    expect(asked.secret).toBe('the-secret');
    expect(asked.body).toMatchObject({ permission: 'bash', toolName: 'bash', input: { command: 'echo refused > refused.txt' } });
    expect(calls.map((c) => c.event)).toEqual(expect.arrayContaining(['session.active', 'session.status']));
  }, MIN);

  it('the daemon dying while the request is pending rejects it (OpenCode still running)', async () => {
    await until(() => (lastStatus() as { type?: string } | undefined)?.type === 'idle', 'the first turn finished', 30_000);
    mode = 'hang';
    fake.turns.enqueue([{ bash: 'echo late > late.txt' }]);
    await type('run the late command');
    await until(() => held.length > 0, 'permission held by the daemon', 45_000);
    for (const r of held.splice(0)) r.socket?.destroy();
    await until(() => anthropicToolResults(fake.requests).some((r) => /paseo denied this: the daemon did not answer/.test(r.content)), 'model got the reject', 30_000);
    expect(fs.existsSync(path.join(cwd, 'late.txt'))).toBe(false);
  }, MIN);
});
