/** Runs the built `paseo` CLI against a temp home and an ephemeral loopback port; cleans up the daemon it started. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliEntry = path.join(repoRoot, 'dist/src/cli/main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A live, non-zombie process: the same check the product uses (a zombie has let go of everything). */
export { isAlive } from '../../src/terminal/process-group.js';
import { isAlive } from '../../src/terminal/process-group.js';
import { readLivePid } from '../../src/daemon/pid-lock.js';

export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 15_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A temp PASEO_HOME + port, and `run(args)` for the CLI. `dispose()` kills the daemon (by its PID file) and agents. */
export class PaseoSandbox {
  readonly home: string;
  readonly listen: string;
  private readonly extraPids = new Set<number>();

  private constructor(home: string, port: number) {
    this.home = home;
    this.listen = `127.0.0.1:${port}`;
  }

  static async create(): Promise<PaseoSandbox> {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-test-'));
    return new PaseoSandbox(home, await freePort());
  }

  get env(): NodeJS.ProcessEnv {
    // HOME is a private, empty folder: agents' shells must not run this machine's rc files (and their locks).
    const userHome = path.join(this.home, 'user-home');
    fs.mkdirSync(userHome, { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: userHome, PASEO_HOME: this.home, PASEO_LISTEN: this.listen, SHELL: '/bin/bash' };
    delete env.PASEO_TOKEN;
    return env;
  }

  /** Runs `paseo <args>` to completion. */
  run(args: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cliEntry, ...args], { env: this.env, cwd: this.home, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdin.end(opts.input ?? '');
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`paseo ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
      }, opts.timeoutMs ?? 30_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  /** The daemon's pid when the process that wrote the PID file (pid, start time, boot) still runs. */
  daemonPid(): number | undefined {
    return readLivePid(path.join(this.home, 'paseo.pid'));
  }

  token(): string {
    return fs.readFileSync(path.join(this.home, 'token'), 'utf8').trim();
  }

  get wsUrl(): string {
    return `ws://${this.listen}/ws`;
  }

  track(pid: number): void {
    this.extraPids.add(pid);
  }

  /** Agent pids recorded in the home (for cleanup and for checks that they are gone). */
  agentPids(): number[] {
    const dir = path.join(this.home, 'agents');
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => {
        try {
          return (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { pid?: number }).pid;
        } catch {
          return undefined;
        }
      })
      .filter((p): p is number => typeof p === 'number');
  }

  async dispose(): Promise<void> {
    const pid = this.daemonPid();
    if (pid) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // gone already
      }
      await until(() => !isAlive(pid), 'daemon exit', 10_000).catch(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      });
    }
    for (const p of [...this.agentPids(), ...this.extraPids]) {
      try {
        process.kill(-p, 'SIGKILL');
      } catch {
        // not a group leader or gone
      }
    }
    spawnSync('rm', ['-rf', this.home]);
  }
}
