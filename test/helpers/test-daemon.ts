/**
 * The real daemon stack in this process (openHost: supervisor + HTTP hook endpoint + protocol) on 127.0.0.1:0 with a
 * temp PASEO_HOME, the clients connected to it, hooks sent to it as an agent's relay would, and the built CLI run
 * against it. `close()` disposes the clients, closes the host and removes the home.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PaseoClient, type PaseoClientOptions } from '../../src/client/paseo-client.js';
import type { PaseoError } from '../../src/core/errors.js';
import { openHost, type Host } from '../../src/daemon/open-host.js';
import { cliEntry } from './paseo-cli.js';

export interface TestDaemonOptions {
  /** mkdtemp prefix of the home, naming the test in /tmp. */
  prefix: string;
  token: string;
  /** Files written into the home before the daemon opens (adapter modules, config.json), by name. */
  files?: Record<string, string>;
}

export class TestDaemon {
  private readonly clients: PaseoClient[] = [];

  private constructor(readonly home: string, readonly host: Host, readonly token: string) {}

  static async open(opts: TestDaemonOptions): Promise<TestDaemon> {
    const home = mkdtempSync(path.join(tmpdir(), opts.prefix));
    for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(path.join(home, name), text);
    try {
      return new TestDaemon(home, await openHost({ home, listen: '127.0.0.1:0', token: opts.token }), opts.token);
    } catch (err) {
      rmSync(home, { recursive: true, force: true });
      throw err;
    }
  }

  get port(): string {
    return new URL(this.host.url).port;
  }

  /** A client on the host's WebSocket, disposed by close(). */
  async connect(kind: PaseoClientOptions['kind'] = 'test', name?: string): Promise<PaseoClient> {
    const client = await PaseoClient.connect({ url: this.host.url, token: this.token, kind, ...(name === undefined ? {} : { name }) });
    this.clients.push(client);
    return client;
  }

  /** The URL the `paseo hook` relay posts an agent's hooks to (`/<event>` appended). */
  hookUrl(agentId: string): string {
    return `http://127.0.0.1:${this.port}/hooks/${agentId}`;
  }

  hookSecretFile(agentId: string): string {
    return path.join(this.home, 'agents', agentId, 'hook-secret');
  }

  /** Posts one hook with the agent's secret and returns the request unanswered (a test may destroy it). */
  sendHook(agentId: string, event: string, payload: unknown): ClientRequest {
    const secret = readFileSync(this.hookSecretFile(agentId), 'utf8');
    const body = JSON.stringify(payload);
    const req = request(`${this.hookUrl(agentId)}/${event}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-paseo-hook-secret': secret },
    });
    req.end(body);
    return req;
  }

  /** Posts one hook; resolves with the daemon's JSON answer once it is decided. */
  hook(agentId: string, event: string, payload: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = this.sendHook(agentId, event, payload);
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
    });
  }

  /** Runs the built CLI against this host (its home, listen address and token). */
  runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const env = { ...process.env, PASEO_HOME: this.home, PASEO_LISTEN: `127.0.0.1:${this.port}`, PASEO_TOKEN: this.token };
      const child = spawn(process.execPath, [cliEntry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  async close(): Promise<void> {
    for (const c of this.clients.splice(0)) c.dispose();
    await this.host.close();
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** The error a promise rejects with; throws if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<PaseoError> {
  try {
    await p;
  } catch (err) {
    return err as PaseoError;
  }
  throw new Error('expected a rejection');
}
