/**
 * One daemon per home: an exclusive PID file holding the holder's pid, start time, boot id and role
 * (`{"pid":…,"startTicks":…,"bootId":…,"role":"daemon"}`), so that a PID file left by a `kill -9` is recognised as stale
 * even when its pid now belongs to another process, and `daemon stop` signals only the daemon that wrote it — never a
 * `paseo --embedded` (role "embedded"), which holds the same lock while its agents run inside it.
 */
import fs from 'node:fs';
import { PaseoError } from '../core/errors.js';
import { checkIdentity, currentBootId, processStartTicks } from '../supervisor/process-start.js';

export interface PidLock {
  release(): void;
}

/** Whether a PID is a live (non-zombie) process: the terminal layer's one check, re-exported for the CLI. */
export { isAlive as isProcessAlive } from '../terminal/process-group.js';

/** Who holds the home: the daemon, or a `paseo --embedded` process (a TUI or command whose agents end with it). */
export type PidLockRole = 'daemon' | 'embedded';

export interface PidFileContent {
  pid: number;
  /** Absent in files written before roles were recorded: those were always daemons. */
  role?: PidLockRole;
  /** Absent in an old-format file (a bare pid): such a pid is never signalled. */
  startTicks?: number;
  bootId?: string;
}

/** What the PID file says about the home's daemon. */
export type DaemonPidState =
  | { kind: 'none' }
  /** The daemon that wrote the file runs: the only state in which it may be signalled. */
  | { kind: 'live'; pid: number; content: PidFileContent }
  /** Its daemon is gone (the pid is free, or now names another process). */
  | { kind: 'stale'; pid: number; reason?: string }
  /** An old-format file (no start time) naming a live process: it may be the daemon or any reuse of its pid. */
  | { kind: 'unverified'; pid: number; reason: string };

/** The file's content: this format, or the old bare pid; undefined when missing or unreadable. */
export function readPidFile(pidFile: string): PidFileContent | undefined {
  let text: string;
  try {
    text = fs.readFileSync(pidFile, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const parsed = JSON.parse(text) as Partial<PidFileContent>;
    if (!Number.isInteger(parsed.pid)) return undefined;
    return {
      pid: parsed.pid!,
      startTicks: typeof parsed.startTicks === 'number' ? parsed.startTicks : undefined,
      bootId: typeof parsed.bootId === 'string' ? parsed.bootId : undefined,
      ...(parsed.role === 'daemon' || parsed.role === 'embedded' ? { role: parsed.role } : {}),
    };
  } catch {
    return undefined;
  }
}

export function inspectPidFile(pidFile: string): DaemonPidState {
  const content = readPidFile(pidFile);
  if (!content) return { kind: 'none' };
  const id = checkIdentity(content);
  switch (id.kind) {
    case 'same':
      return { kind: 'live', pid: id.pid, content };
    case 'gone':
      return { kind: 'stale', pid: content.pid };
    case 'other':
      return { kind: 'stale', pid: content.pid, reason: id.reason };
    case 'unverified':
      return { kind: 'unverified', pid: id.pid, reason: id.reason };
  }
}

/** The pid of the daemon that wrote the file when that very process still runs, else undefined. */
export function readLivePid(pidFile: string): number | undefined {
  const state = inspectPidFile(pidFile);
  return state.kind === 'live' ? state.pid : undefined;
}

/** Whether the process a PID file named (pid, start time, boot) still runs: a reuse of its pid does not count. */
export function stillRunning(content: PidFileContent): boolean {
  return checkIdentity(content).kind === 'same';
}

/** One line for a PID file whose pid cannot be trusted with a signal. */
export function unverifiedMessage(pidFile: string, state: { pid: number; reason: string }): string {
  return `${pidFile} names pid ${state.pid}, but ${state.reason}; not signalling it (stop that daemon yourself if it is one, then remove the file)`;
}

function ownContent(role: PidLockRole): PidFileContent {
  return { pid: process.pid, startTicks: processStartTicks(process.pid), bootId: currentBootId(), role };
}

/** The holder as a user reads it: an embedded paseo is quit where it runs, never signalled by `daemon stop`. */
export function embeddedHolderMessage(pid: number): string {
  return `held by an embedded paseo (pid ${pid}); quit it there`;
}

/**
 * An old-format file can name a live daemon of an older paseo (then starting a second one on its home is wrong) or an
 * unrelated process that reused the pid. Taking the lock signals nothing, so the old command-line test decides here.
 */
function looksLikeDaemon(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('daemon');
  } catch {
    return true; // no /proc: the safe answer is that a daemon may hold the home
  }
}

export function acquirePidLock(pidFile: string, role: PidLockRole = 'daemon'): PidLock {
  const own = ownContent(role);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(pidFile, 'wx', 0o600);
      fs.writeSync(fd, `${JSON.stringify(own)}\n`);
      fs.closeSync(fd);
      return {
        release() {
          const content = readPidFile(pidFile);
          if (content?.pid !== own.pid || content.startTicks !== own.startTicks) return; // not ours (any more)
          try {
            fs.unlinkSync(pidFile);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const state = inspectPidFile(pidFile);
      if (state.kind === 'live') {
        const role = state.content.role ?? 'daemon';
        const message = role === 'embedded' ? `this home is ${embeddedHolderMessage(state.pid)}` : `a daemon is already running for this home (pid ${state.pid})`;
        throw new PaseoError('daemon_running', message, { pid: state.pid, pidFile, role });
      }
      if (state.kind === 'unverified' && looksLikeDaemon(state.pid)) {
        throw new PaseoError('daemon_running', `a daemon may already run for this home: ${unverifiedMessage(pidFile, state)}`, { pid: state.pid, pidFile });
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
