/** One daemon per home: an exclusive PID file. A PID file left by a `kill -9` is recognised as stale and replaced. */
import fs from 'node:fs';
import { PaseoError } from '../core/errors.js';
import { isAlive } from '../terminal/process-group.js';

export interface PidLock {
  release(): void;
}

/** Whether a PID is a live (non-zombie) process: the terminal layer's one check, re-exported for the CLI. */
export { isAlive as isProcessAlive } from '../terminal/process-group.js';

/** The PID recorded in the file when that process is still alive, else undefined. */
export function readLivePid(pidFile: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && pid !== process.pid && !pidWasReused(pid) ? pid : undefined;
}

/** After a kill -9 the PID may belong to an unrelated process by now; on Linux its cmdline tells. */
function pidWasReused(pid: number): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return !cmdline.includes('daemon');
  } catch {
    return false; // no /proc (not Linux) or no access: trust the PID
  }
}

export function acquirePidLock(pidFile: string): PidLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(pidFile, 'wx', 0o600);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return {
        release() {
          try {
            if (fs.readFileSync(pidFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(pidFile);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const live = readLivePid(pidFile);
      if (live !== undefined) {
        throw new PaseoError('daemon_running', `a daemon is already running for this home (pid ${live})`, { pid: live, pidFile });
      }
      // Stale: the previous daemon died without cleaning up. Remove and retry.
      try {
        fs.unlinkSync(pidFile);
      } catch {
        // someone else removed it first
      }
    }
  }
  throw new PaseoError('daemon_running', `could not take the daemon lock ${pidFile}`, { pidFile });
}
