import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquirePidLock, inspectPidFile, readLivePid, readPidFile } from '../../src/daemon/pid-lock.js';
import { startDaemonDetached, stopDaemon } from '../../src/cli/daemon-control.js';
import { currentBootId, processStartTicks } from '../../src/supervisor/process-start.js';
import { isAlive } from '../../src/terminal/process-group.js';

// `daemon stop` gets a fake kill that records calls; the processes are this test's own `sleep`s, ended by pid.
const children: ChildProcess[] = [];
const homes: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

function tempHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-pidlock-'));
  homes.push(home);
  return home;
}

/** A live process that is not a paseo daemon, though its command line says "daemon" (what the old reuse test looked for). */
function unrelatedProcess(): ChildProcess {
  const child = spawn('sleep', ['30'], { argv0: 'some-daemon', stdio: 'ignore' });
  children.push(child);
  return child;
}

function recorder(): { kill: (pid: number, signal: NodeJS.Signals) => void; calls: Array<[number, string]> } {
  const calls: Array<[number, string]> = [];
  return { kill: (pid, signal) => void calls.push([pid, signal]), calls };
}

const pidFileOf = (home: string): string => path.join(home, 'paseo.pid');

describe('PID file', () => {
  it('holds the daemon pid with its start time and boot id; a second lock is refused; release removes it', () => {
    const home = tempHome();
    const lock = acquirePidLock(pidFileOf(home));
    expect(readPidFile(pidFileOf(home))).toEqual({ pid: process.pid, startTicks: processStartTicks(process.pid), bootId: currentBootId(), role: 'daemon' });
    expect(JSON.parse(fs.readFileSync(pidFileOf(home), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(fs.existsSync(pidFileOf(home))).toBe(false);
  });

  it('a file whose pid now names an unrelated live process is stale: stop signals nothing, start takes the lock', async () => {
    const home = tempHome();
    const other = unrelatedProcess();
    const pid = other.pid!;
    fs.writeFileSync(pidFileOf(home), JSON.stringify({ pid, startTicks: processStartTicks(pid)! - 1, bootId: currentBootId() }));
    expect(readLivePid(pidFileOf(home))).toBeUndefined();
    const { kill, calls } = recorder();
    await expect(stopDaemon(home, 1_000, kill)).resolves.toEqual({ stopped: false });
    expect(calls).toEqual([]);
    expect(isAlive(pid)).toBe(true);
    acquirePidLock(pidFileOf(home)).release();
  });

  it('an old-format file (a bare pid) naming a live process is never signalled, and stop says why in one line', async () => {
    const home = tempHome();
    const pid = unrelatedProcess().pid!;
    fs.writeFileSync(pidFileOf(home), `${pid}\n`);
    expect(inspectPidFile(pidFileOf(home))).toMatchObject({ kind: 'unverified', pid });
    const { kill, calls } = recorder();
    const err = await stopDaemon(home, 1_000, kill).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`names pid ${pid}`);
    expect((err as Error).message).toContain('not signalling it');
    expect((err as Error).message).not.toContain('\n');
    expect(calls).toEqual([]);
    expect(isAlive(pid)).toBe(true);
    // Taking the lock signals nothing; a bare pid whose command line says "daemon" may be an older paseo's daemon.
    expect(() => acquirePidLock(pidFileOf(home))).toThrow(/may already run for this home/);
  });

  it('an old-format file naming a live process that is no daemon is stale for the lock', () => {
    const home = tempHome();
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(child);
    fs.writeFileSync(pidFileOf(home), `${child.pid}\n`);
    const lock = acquirePidLock(pidFileOf(home));
    expect(readPidFile(pidFileOf(home))?.pid).toBe(process.pid);
    lock.release();
  });

  it('never signals pid 1 or a negative pid, whatever the file says', async () => {
    const home = tempHome();
    for (const content of ['1', JSON.stringify({ pid: 1, startTicks: processStartTicks(1), bootId: currentBootId() }), '-1', JSON.stringify({ pid: -5, startTicks: 1 })]) {
      fs.writeFileSync(pidFileOf(home), content);
      const { kill, calls } = recorder();
      await expect(stopDaemon(home, 1_000, kill)).resolves.toEqual({ stopped: false });
      expect(calls).toEqual([]);
    }
  });

  it('signals exactly the process the file names by pid and start time', async () => {
    const home = tempHome();
    const child = unrelatedProcess();
    const pid = child.pid!;
    fs.writeFileSync(pidFileOf(home), JSON.stringify({ pid, startTicks: processStartTicks(pid), bootId: currentBootId() }));
    const calls: Array<[number, string]> = [];
    const result = await stopDaemon(home, 5_000, (target, signal) => {
      calls.push([target, signal]);
      child.kill('SIGKILL'); // our own child, by its pid: stands in for the daemon going away
    });
    expect(result).toEqual({ stopped: true, pid });
    expect(calls).toEqual([[pid, 'SIGTERM']]);
  });

  it('an embedded paseo holding the home is never signalled: stop, start and a second lock say who holds it', async () => {
    const home = tempHome();
    const child = unrelatedProcess(); // stands in for a `paseo --embedded`: a process this test started
    const pid = child.pid!;
    fs.writeFileSync(pidFileOf(home), JSON.stringify({ pid, startTicks: processStartTicks(pid), bootId: currentBootId(), role: 'embedded' }));
    const { kill, calls } = recorder();
    const err = await stopDaemon(home, 1_000, kill).catch((e: Error) => e);
    expect((err as Error).message).toBe(`${home} is held by an embedded paseo (pid ${pid}); quit it there`);
    expect(calls).toEqual([]);
    expect(isAlive(pid)).toBe(true);
    await expect(startDaemonDetached(home, '127.0.0.1:1')).rejects.toThrow(`held by an embedded paseo (pid ${pid}); quit it there`);
    expect(() => acquirePidLock(pidFileOf(home))).toThrow(`this home is held by an embedded paseo (pid ${pid}); quit it there`);
  });

  it('the embedded lock records its role', () => {
    const home = tempHome();
    const lock = acquirePidLock(pidFileOf(home), 'embedded');
    expect(readPidFile(pidFileOf(home))).toMatchObject({ pid: process.pid, role: 'embedded' });
    lock.release();
  });
});
