/**
 * PTY masters must not leak into later children: an agent started after another must hold none of the earlier
 * agents' /dev/ptmx descriptors, so that when the daemon dies (even by kill -9) every agent gets the hangup, as in tmux.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnPty, type IPty } from '../../src/terminal/pty-host.js';
import { isAlive } from '../../src/terminal/process-group.js';
import { pollUntil } from './helpers/wait.js';

const linux = process.platform === 'linux';
// Processes this test started (directly or through its own host child), ended by their pid.
const started: number[] = [];
const ptys: IPty[] = [];
afterEach(() => {
  for (const p of ptys.splice(0)) p.kill('SIGKILL');
  for (const pid of started.splice(0)) {
    try {
      if (pid > 1 && isAlive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

function fdTargets(pid: number): Map<number, string> {
  const targets = new Map<number, string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      targets.set(Number(fd), readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed meanwhile
    }
  }
  return targets;
}

const runsSleep = (pid: number): boolean => {
  try {
    return readlinkSync(`/proc/${pid}/exe`).endsWith('/sleep');
  } catch {
    return false;
  }
};

function sleeper(): IPty {
  const pty = spawnPty({ file: 'sleep', args: ['30'], cwd: os.tmpdir(), env: { ...process.env } as Record<string, string>, cols: 80, rows: 24 });
  ptys.push(pty);
  pty.onData(() => {});
  return pty;
}

describe.runIf(linux)('PTY masters across children', () => {
  it('a second agent holds no /dev/ptmx of the first (its terminal is fds 0-2 only)', async () => {
    const first = sleeper();
    const second = sleeper();
    await pollUntil(() => runsSleep(first.pid) && runsSleep(second.pid), 10_000, 'both PTY children to run sleep');
    // This process holds both masters; neither child may.
    expect([...fdTargets(process.pid).values()].filter((t) => t.includes('ptmx')).length).toBeGreaterThanOrEqual(2);
    for (const child of [first, second]) {
      const held = fdTargets(child.pid);
      expect([...held.values()].filter((t) => t.includes('ptmx'))).toEqual([]);
      for (const fd of [0, 1, 2]) expect(held.get(fd)).toMatch(/^\/dev\/pts\/\d+$/);
    }
  });

  it('when the host dies by kill -9, an agent gets the hangup and ends, though a later agent ignores SIGHUP', async () => {
    const host = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/two-pty-host.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    started.push(host.pid!);
    const pids = await new Promise<{ first: number; second: number }>((resolve, reject) => {
      let out = '';
      host.once('exit', (code) => reject(new Error(`PTY host exited early (${code})`)));
      host.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { first: number; second: number });
      });
    });
    started.push(pids.first, pids.second);
    host.removeAllListeners('exit');
    const hostGone = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGKILL');
    await hostGone;
    // Only the second agent's copy of the first agent's master could keep the first from its hangup.
    await pollUntil(() => !isAlive(pids.first), 10_000, 'the first agent to end on its hangup');
    expect(isAlive(pids.second)).toBe(true); // it ignores SIGHUP: only the first one's ending proves the hangup came
  });

  it('the step in between leaves the program exactly the environment it was given', async () => {
    const given: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin', PS1: 'P$ ', PS2: 'more> ', IFS: ':', OPTIND: '3', LC_ALL: 'C', FOO: 'a b=c',
      TERM: 'xterm-256color',
    };
    const pty = spawnPty({ file: 'env', args: ['-0'], cwd: os.tmpdir(), env: given, cols: 200, rows: 50 });
    ptys.push(pty);
    let out = '';
    pty.onData((d) => (out += d));
    await new Promise<void>((resolve) => pty.onExit(() => resolve()));
    const seen = Object.fromEntries(out.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    expect(seen).toEqual({ ...given, PWD: os.tmpdir() }); // node-pty itself sets PWD; no SHLVL, nothing else
  });
});
