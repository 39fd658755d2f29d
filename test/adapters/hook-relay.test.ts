import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRelay } from '../../src/cli/commands/hook.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function daemonLike(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/hooks/a1`;
}

async function deadPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => (out.stdout += s), stderr: (s: string) => (out.stderr += s), stdin: async () => '{"tool_name":"Bash"}' } };
}

describe('paseo hook relay', () => {
  it('denies a PreToolUse with exit 2 and the reason when nothing listens', async () => {
    const { out, io } = capture();
    const code = await runRelay({ agent: 'a1', event: 'PreToolUse', url: `http://127.0.0.1:${await deadPort()}/hooks/a1`, daemon: true }, io);
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/unreachable/);
    expect(JSON.parse(out.stdout)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
  });

  it('forwards the payload with the secret from the secret file and prints the daemon reply', async () => {
    let seen: { secret?: string; path?: string; body?: string } = {};
    const url = await daemonLike((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen = { secret: req.headers['x-paseo-hook-secret'] as string, path: req.url, body };
        res.end(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow' } }));
      });
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-relay-'));
    fs.writeFileSync(path.join(dir, 'hook-secret'), 's3cret\n');
    const { out, io } = capture();
    const code = await runRelay({ agent: 'a1', event: 'PreToolUse', url, secretFile: path.join(dir, 'hook-secret'), daemon: true }, io);
    expect(code).toBe(0);
    expect(seen.secret).toBe('s3cret');
    expect(seen.path).toBe('/hooks/a1/PreToolUse');
    expect(JSON.parse(out.stdout).hookSpecificOutput.permissionDecision).toBe('allow');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('denies when the daemon refuses (403), answers malformed JSON, or is too slow', async () => {
    const refuse = await daemonLike((_q, res) => res.writeHead(403).end('{"error":"forbidden"}'));
    const garbage = await daemonLike((_q, res) => res.end('not json'));
    const silent = await daemonLike(() => {});
    for (const url of [refuse, garbage]) {
      const { io } = capture();
      expect(await runRelay({ agent: 'a1', event: 'PermissionRequest', url, daemon: true }, io)).toBe(2);
    }
    const { out, io } = capture();
    expect(await runRelay({ agent: 'a1', event: 'BeforeTool', url: silent, timeoutMs: '300', daemon: true }, io)).toBe(2);
    expect(JSON.parse(out.stdout)).toEqual({ decision: 'deny', reason: expect.stringMatching(/within 300 ms/) });
  });

  it('fails open for status events: exit 0, nothing for the CLI to act on', async () => {
    const { out, io } = capture();
    expect(await runRelay({ agent: 'a1', event: 'Stop', url: `http://127.0.0.1:${await deadPort()}/hooks/a1`, daemon: true }, io)).toBe(0);
    expect(out.stdout).toBe('');
  });

  it('--no-daemon answers deny without any daemon', async () => {
    const { out, io } = capture();
    expect(await runRelay({ agent: 'a1', event: 'PermissionRequest', daemon: false }, io)).toBe(2);
    expect(JSON.parse(out.stdout)).toMatchObject({ hookSpecificOutput: { decision: { behavior: 'deny' } } });
  });

  it('as a process (`paseo hook`), exits 2 with a deny when the daemon never answers, before its deadline', async () => {
    const url = await daemonLike(() => {});
    const main = path.resolve(import.meta.dirname, '../../src/cli/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'hook', '--agent', 'a1', '--event', 'PreToolUse', '--url', url, '--timeout-ms', '1000'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdin.end(JSON.stringify({ tool_name: 'Bash', tool_input: { command: 'git push' } }));
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    clearTimeout(killer);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
  });

  it('as a process, relays a complete hook document even when the CLI keeps stdin open', async () => {
    let received = '';
    const url = await daemonLike((req, res) => {
      req.on('data', (c) => (received += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow' } }));
      });
    });
    const main = path.resolve(import.meta.dirname, '../../src/cli/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'hook', '--agent', 'a1', '--event', 'PreToolUse', '--url', url], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    // Written, never closed: the relay must not wait for an end that never comes.
    child.stdin.write(JSON.stringify({ tool_name: 'Bash', tool_input: { command: 'ls' } }));
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    clearTimeout(killer);
    expect(code).toBe(0);
    expect(JSON.parse(received)).toMatchObject({ tool_input: { command: 'ls' } });
    expect(JSON.parse(stdout)).toMatchObject({ hookSpecificOutput: { permissionDecision: 'allow' } });
  });
});
