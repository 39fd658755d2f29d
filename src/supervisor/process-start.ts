/**
 * A process's identity from /proc: pid, start time and boot id together name one process for good. A pid alone does
 * not (pids are reused, within a boot and across reboots), and start ticks count from boot. Anything that signals a
 * process paseo recorded earlier (crash recovery, `daemon stop`) checks it here first.
 */
import { isAlive, readBootId, readProcStat, type ProcStat } from '../terminal/process-group.js';

/** Field 22 of /proc/<pid>/stat (clock ticks since boot); undefined where there is no /proc or no such pid. */
export function processStartTicks(pid: number): number | undefined {
  const ticks = readProcStat(pid)?.startTicks;
  return ticks !== undefined && Number.isFinite(ticks) ? ticks : undefined;
}

/** This boot's id; undefined where there is no /proc. */
export function currentBootId(): string | undefined {
  return readBootId();
}

/** What was written down when paseo started a process (an agent record, the PID file). */
export interface RecordedProcess {
  pid: number | undefined;
  startTicks?: number;
  bootId?: string;
}

export type IdentityCheck =
  /** The live process is the one recorded. */
  | { kind: 'same'; pid: number; stat: ProcStat }
  /** The recorded process has ended. */
  | { kind: 'gone' }
  /** Never to be signalled: the pid is invalid, or it now names another process. */
  | { kind: 'other'; reason: string }
  /** A live process that the record cannot tell apart from another (no start time recorded, or no /proc). */
  | { kind: 'unverified'; pid: number; reason: string };

/** Whether `rec` still names the live process it was recorded for; never trusts a pid ≤ 1 or this process's own. */
export function checkIdentity(rec: RecordedProcess): IdentityCheck {
  const { pid } = rec;
  if (pid === undefined || !Number.isInteger(pid) || pid <= 1) return { kind: 'other', reason: `pid ${String(pid)} is not one paseo can have started` };
  if (pid === process.pid) return { kind: 'other', reason: 'the pid is this process' };
  if (!isAlive(pid)) return { kind: 'gone' };
  if (rec.startTicks === undefined) return { kind: 'unverified', pid, reason: 'no start time was recorded with it (an older paseo wrote it)' };
  const stat = readProcStat(pid);
  if (!stat) return { kind: 'unverified', pid, reason: 'its start time cannot be read (no /proc)' };
  if (rec.bootId !== undefined && rec.bootId !== currentBootId()) return { kind: 'other', reason: 'it was recorded before a reboot' };
  if (stat.startTicks !== rec.startTicks) {
    return { kind: 'other', reason: `the pid was reused (started at tick ${stat.startTicks}, recorded ${rec.startTicks})` };
  }
  return { kind: 'same', pid, stat };
}
