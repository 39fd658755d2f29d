import { describe, expect, it } from 'vitest';
import { readBootId, readProcStat, signalSession } from '../../src/terminal/process-group.js';

describe('signalSession', () => {
  it('refuses a leader that is not a pid above 1: kill(-1) would reach every process, session 0/1 is the system', () => {
    const calls: Array<[number, NodeJS.Signals | number]> = [];
    const kill = (pid: number, signal: NodeJS.Signals | number): void => void calls.push([pid, signal]);
    for (const leader of [1, 0, -1, -4242, 1.5, Number.NaN]) signalSession(leader, 'SIGKILL', kill);
    expect(calls).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('/proc facts', () => {
  it('reads a process start time (ticks since boot) and the boot id', () => {
    const self = readProcStat(process.pid);
    expect(self?.startTicks).toBeGreaterThan(0);
    expect(readProcStat(process.pid)?.startTicks).toBe(self?.startTicks);
    expect(readBootId()).toMatch(/^[0-9a-f-]{36}$/);
  });
});
