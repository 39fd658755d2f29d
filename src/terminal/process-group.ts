/**
 * Process-tree facts read from /proc (Linux): who is in a PTY's session and who holds its
 * foreground. node-pty spawns with forkpty(3), so the root process leads its own session and
 * process group and the PTY is its controlling terminal. With job control on (an interactive
 * shell), background jobs get their own process groups inside that session: killing only the
 * group `-pid` would leave them running, so the session is the unit we signal.
 */
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Foreground process group of the controlling terminal (field 8). */
  tpgid: number;
  /** When the process started, in clock ticks since boot (field 22): with the boot id it names one process for good. */
  startTicks: number;
}

/** A signal sender with process.kill's shape: injectable so tests can record what would be signalled. */
export type KillFn = (pid: number, signal: NodeJS.Signals | number) => void;

/** Parses /proc/<pid>/stat; undefined when the process is gone or /proc is unavailable. */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm (field 2) may hold spaces and parentheses: the fields after it start at the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const num = (i: number): number => Number(rest[i]);
  return { pid, state: rest[0] ?? '?', ppid: num(1), pgrp: num(2), session: num(3), tpgid: num(5), startTicks: num(19) };
}

/** This boot's id (/proc/sys/kernel/random/boot_id): start ticks count from boot, so they name a process only within one boot. */
export function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** true when the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  const stat = readProcStat(pid);
  if (stat) return stat.state !== 'Z' && stat.state !== 'X';
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Live processes whose session id is `sid` (the session leader included while it lives). */
export function sessionMembers(sid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const stat = readProcStat(pid);
    if (stat && stat.session === sid && stat.state !== 'Z' && stat.state !== 'X') members.push(pid);
  }
  return members;
}

function trySignal(target: number, signal: NodeJS.Signals, kill: KillFn): boolean {
  try {
    kill(target, signal);
    return true;
  } catch {
    return false; // already gone (ESRCH) or not ours (EPERM): nothing more to do for it
  }
}

/**
 * Signals the process group `-leader` and every other live process of the leader's session. A leader that is not a
 * pid above 1 is refused outright: kill(-1) reaches every process the caller may signal, and session 0/1 is the system's.
 */
export function signalSession(leader: number, signal: NodeJS.Signals, kill: KillFn = process.kill): void {
  if (!Number.isInteger(leader) || leader <= 1) return;
  trySignal(-leader, signal, kill);
  for (const pid of sessionMembers(leader)) if (pid > 1) trySignal(pid, signal, kill);
}
