/** A real daemon (built dist) on a temp home and loopback port, plus a protocol client; for the real-agent e2e tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PaseoClient } from '../../src/client/paseo-client.js';
import type { AgentRecord } from '../../src/core/agent.js';
import type { ApprovalInfo } from '../../src/core/protocol.js';
import { PaseoSandbox, until } from '../helpers/paseo-cli.js';

export interface AgentRig {
  sandbox: PaseoSandbox;
  client: PaseoClient;
  tmp: string;
  cwd: string;
  startDaemon(): Promise<void>;
  connect(): Promise<PaseoClient>;
  screen(agentId: string): Promise<string>;
  approval(pred: (a: ApprovalInfo) => boolean, what: string, agentId?: string): Promise<ApprovalInfo>;
  status(agentId: string, want: AgentRecord['status'][], what: string, timeoutMs?: number): Promise<AgentRecord>;
  /** Waits for `fn` with the agent's screen, record and the daemon log tail in the error when it times out. */
  until<T>(agentId: string, fn: () => T | Promise<T>, what: string, timeoutMs?: number): Promise<NonNullable<T>>;
  /**
   * kill -9 of the daemon, then SIGKILL of every agent process group it recorded (what a crash plus a careful
   * operator leaves behind). Returns the pids it killed.
   */
  crashDaemon(): Promise<{ daemonPid: number; agentPids: number[] }>;
  dispose(): Promise<void>;
}

/** 'zombie' counts as gone for a process's effects: it runs nothing any more (PID 1 here may not reap). */
export function procState(pid: number): 'alive' | 'zombie' | 'gone' {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X' ? 'zombie' : 'alive';
  } catch {
    return 'gone';
  }
}

/** Live (non-zombie) processes whose process group or session is `leader`: an agent and anything it started in its PTY. */
export function liveInGroup(leader: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields after the comm: state ppid pgrp session
      if (f[0] === 'Z' || f[0] === 'X') continue;
      if (Number(f[2]) === leader || Number(f[3]) === leader) out.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Processes whose argv contains every one of `parts` (e.g. a hook relay for one agent). */
export function processesWith(parts: string[]): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const argv = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (parts.every((p) => argv.includes(p)) && procState(Number(name)) === 'alive') out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

export async function agentRig(): Promise<AgentRig> {
  const sandbox = await PaseoSandbox.create();
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-e2e-')));
  const cwd = path.join(tmp, 'project');
  fs.mkdirSync(cwd);
  const diagnose = async (agentId: string | undefined): Promise<string> => {
    const parts: string[] = [];
    if (agentId) {
      parts.push(await rig.client.readLogs(agentId, { tail: 40 }).catch((e: unknown) => `(no screen: ${String(e)})`));
      parts.push(JSON.stringify(await rig.client.getAgent(agentId).catch((e: unknown) => `(no record: ${String(e)})`)));
    }
    try {
      parts.push(fs.readFileSync(path.join(sandbox.home, 'daemon.log'), 'utf8').split('\n').slice(-15).join('\n'));
    } catch {
      parts.push('(no daemon.log)');
    }
    return parts.join('\n');
  };
  const rig: AgentRig = {
    sandbox,
    client: undefined as unknown as PaseoClient,
    tmp,
    cwd,
    async startDaemon() {
      const r = await sandbox.run(['daemon', 'start']);
      if (r.code !== 0) throw new Error(`daemon start failed (exit ${r.code}): ${r.stderr}${r.stdout}\n${await diagnose(undefined)}`);
    },
    async connect() {
      rig.client = await PaseoClient.connect({ url: sandbox.wsUrl, token: sandbox.token(), kind: 'test' });
      return rig.client;
    },
    async screen(agentId) {
      return (await rig.client.readLogs(agentId, { tail: 200 })).replace(/\s+/g, ' ');
    },
    async until(agentId, fn, what, timeoutMs = 30_000) {
      try {
        return await until(fn, what, timeoutMs);
      } catch (err) {
        throw new Error(`${String(err)}\n${await diagnose(agentId)}`);
      }
    },
    async approval(pred, what, agentId) {
      return rig.until(agentId ?? '', async () => (await rig.client.listApprovals()).find(pred), what);
    },
    async status(agentId, want, what, timeoutMs = 30_000) {
      return rig.until(
        agentId,
        async () => {
          const a = await rig.client.getAgent(agentId);
          return want.includes(a.status) ? a : undefined;
        },
        what,
        timeoutMs,
      );
    },
    async crashDaemon() {
      const daemonPid = sandbox.daemonPid();
      if (!daemonPid) throw new Error('no daemon running');
      const agentPids = sandbox.agentPids();
      try {
        rig.client?.dispose();
      } catch {
        // already closed
      }
      process.kill(daemonPid, 'SIGKILL');
      await until(() => procState(daemonPid) !== 'alive', 'daemon gone', 10_000);
      for (const pid of agentPids) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // the group died with its PTY already
        }
      }
      await until(() => agentPids.every((p) => liveInGroup(p).length === 0), 'agent process groups gone', 10_000);
      return { daemonPid, agentPids };
    },
    async dispose() {
      try {
        rig.client?.dispose();
      } catch {
        // already closed
      }
      await sandbox.dispose();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
  await rig.startDaemon();
  await rig.connect();
  return rig;
}
