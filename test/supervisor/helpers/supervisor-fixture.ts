// Temp PASEO_HOME + Supervisor per test; everything it started is stopped and removed afterwards.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Supervisor } from '../../../src/supervisor/supervisor.js';
import type { AgentRecord, AgentStatus } from '../../../src/core/agent.js';

export const TEST_ENV = {
  // A predictable, rc-free shell for tests; users get their own $SHELL and rc files.
  SHELL: '/bin/bash',
  BASH_ENV: '',
  PS1: '$ ',
  HISTFILE: '/dev/null',
};

export interface Fixture {
  home: string;
  sup: Supervisor;
}

const open: Array<{ home: string; sup?: Supervisor }> = [];

export function tempHome(): string {
  const home = mkdtempSync(path.join(tmpdir(), 'paseo-sup-'));
  open.push({ home });
  return home;
}

export async function openSupervisor(home = tempHome(), hookBaseUrl = 'http://127.0.0.1:9'): Promise<Fixture> {
  const sup = await Supervisor.open({
    home,
    hookBaseUrl,
    relayCommand: ['paseo', 'hook'],
    version: '0.0.0-test',
    listen: '127.0.0.1:0',
    env: { ...TEST_ENV, HOME: home },
  });
  open.push({ home, sup });
  return { home, sup };
}

export async function closeAll(): Promise<void> {
  for (const entry of open.splice(0).reverse()) {
    if (entry.sup) {
      await entry.sup.shutdown();
      entry.sup.dispose();
    } else {
      rmSync(entry.home, { recursive: true, force: true });
    }
  }
}

/** Polls `check` until it returns a value, at most `timeoutMs` (for state with no event to await, like a log's content). */
export async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves with the first record of `agentId` reaching one of `statuses`, via onDidChangeAgent. */
export function statusReached(sup: Supervisor, agentId: () => string | undefined, statuses: AgentStatus[], timeoutMs = 10_000): Promise<AgentRecord> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`agent never reached ${statuses.join('/')}`));
    }, timeoutMs);
    const sub = sup.onDidChangeAgent((e) => {
      if (e.kind === 'removed' || e.agent.id !== agentId() || !statuses.includes(e.agent.status)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.agent);
    });
  });
}

export function pidGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // A zombie still answers kill 0 until it is reaped; it is dead for our purposes.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Every status an agent went through, in order, from onDidChangeAgent. */
export function recordStatuses(sup: Supervisor): (agentId: string) => AgentStatus[] {
  const seen: Array<{ id: string; status: AgentStatus }> = [];
  sup.onDidChangeAgent((e) => {
    if (e.kind !== 'removed') seen.push({ id: e.agent.id, status: e.agent.status });
  });
  return (agentId) => seen.filter((s) => s.id === agentId).map((s) => s.status).filter((s, i, all) => i === 0 || all[i - 1] !== s);
}
