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
  approval(pred: (a: ApprovalInfo) => boolean, what: string): Promise<ApprovalInfo>;
  status(agentId: string, want: AgentRecord['status'][], what: string, timeoutMs?: number): Promise<AgentRecord>;
  dispose(): Promise<void>;
}

export async function agentRig(): Promise<AgentRig> {
  const sandbox = await PaseoSandbox.create();
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-e2e-')));
  const cwd = path.join(tmp, 'project');
  fs.mkdirSync(cwd);
  const rig: AgentRig = {
    sandbox,
    client: undefined as unknown as PaseoClient,
    tmp,
    cwd,
    async startDaemon() {
      const r = await sandbox.run(['daemon', 'start']);
      if (r.code !== 0) throw new Error(`daemon start failed: ${r.stderr}`);
    },
    async connect() {
      rig.client = await PaseoClient.connect({ url: sandbox.wsUrl, token: sandbox.token(), kind: 'test' });
      return rig.client;
    },
    async screen(agentId) {
      return (await rig.client.readLogs(agentId, { tail: 200 })).replace(/\s+/g, ' ');
    },
    async approval(pred, what) {
      return until(async () => (await rig.client.listApprovals()).find(pred), what, 30_000);
    },
    async status(agentId, want, what, timeoutMs = 30_000) {
      return until(async () => {
        const a = await rig.client.getAgent(agentId);
        return want.includes(a.status) ? a : undefined;
      }, what, timeoutMs);
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
