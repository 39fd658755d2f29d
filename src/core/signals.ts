/** Signal numbers as names, for people: node-pty reports the number that ended a process. */
import { constants } from 'node:os';

const names = new Map<number, string>(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/** 9 → "SIGKILL"; a number this platform has no name for → "signal 42". */
export function signalName(signal: number): string {
  return names.get(signal) ?? `signal ${signal}`;
}
