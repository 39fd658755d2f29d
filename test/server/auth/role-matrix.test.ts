// Every protocol method and client message type × every role, over the WebSocket with a device cookie and with the
// local token: allowed, or refused `forbidden` with no side effect (the service saw no call, the PTY got no input,
// the approval is still pending, nothing was created).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../src/core/protocol.js';
import { methodTable, messageRoles } from '../../../src/server/method-table.js';
import { startServer, type RunningServer } from '../../../src/server/start-server.js';
import { FakeService } from '../fake-service.js';
import { WsPeer, deviceCookie, postPair, recordingService } from './auth-helpers.js';

const TOKEN = 'local-token-'.padEnd(64, 'x');

/**
 * What each role may do, written out here independently of method-table.ts (README Security). A method that appears
 * in the table without a line here fails the test: every new method needs a decided role.
 */
const EXPECTED: Record<string, Role> = {
  'agent.list': 'viewer',
  'agent.get': 'viewer',
  'agent.seen': 'viewer',
  'agent.wait': 'viewer',
  'agent.logs': 'viewer',
  'agent.diff': 'viewer',
  'agent.diffWait': 'viewer',
  'history.read': 'viewer',
  'terminal.subscribe': 'viewer',
  'terminal.unsubscribe': 'viewer',
  'events.subscribe': 'viewer',
  'daemon.health': 'viewer',
  'provider.list': 'viewer',
  'permit.list': 'viewer',
  'permit.show': 'viewer',
  'worktree.list': 'viewer',
  'policy.list': 'viewer',
  'policy.test': 'viewer',
  'audit.read': 'viewer',
  'audit.verify': 'viewer',
  'permit.decide': 'approver',
  // "Allow always" adds a rule: the approver's choice on the approval it answers.
  'policy.addRule': 'approver',
  'agent.create': 'operator',
  'agent.send': 'operator',
  'agent.resize': 'operator',
  'agent.stop': 'operator',
  'agent.archive': 'operator',
  'agent.restart': 'operator',
  'agent.rename': 'operator',
  'agent.remove': 'operator',
  'worktree.create': 'operator',
  // A schedule starts agents later: an operator's, like starting one now; reading schedules is a viewer's.
  'schedule.create': 'operator',
  'schedule.pause': 'operator',
  'schedule.resume': 'operator',
  'schedule.runNow': 'operator',
  'schedule.delete': 'operator',
  'schedule.list': 'viewer',
  'schedule.inspect': 'viewer',
  'schedule.logs': 'viewer',
  'worktree.archive': 'operator',
  'daemon.shutdown': 'admin',
  'devices.pair': 'admin',
  'devices.list': 'admin',
  'devices.revoke': 'admin',
};
function expectedRole(method: string): Role | undefined {
  return EXPECTED[method];
}

const rank = (r: Role) => ROLES.indexOf(r);

let home: string;
let server: RunningServer;
let fake: FakeService;
let calls: string[];
const cookies = new Map<Role, string>();

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-roles-'));
  fake = new FakeService();
  const rec = recordingService(fake);
  calls = rec.calls;
  server = await startServer({ service: rec.service, listen: '127.0.0.1:0', token: TOKEN, version: 'test', home });
  for (const role of ROLES) {
    const { code } = server.auth.pair(role, `${role} phone`, 60_000);
    cookies.set(role, deviceCookie(await postPair(server.port, code)));
  }
});

afterAll(async () => {
  await server?.close();
  fake?.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Params that pass validation where they can, on things that exist (so an allowed call really runs). */
async function paramsFor(method: string): Promise<unknown> {
  const agent = [...fake.agents.values()][0] ?? (await fake.createAgent({ title: 'target' }));
  const agentId = agent.id;
  const requestId = fake.approvals[0]?.id ?? 'r-none';
  const table: Record<string, unknown> = {
    'agent.create': { title: 'made' },
    'agent.list': {},
    'agent.send': { agentId, text: 'typed' },
    'agent.resize': { agentId, cols: 81, rows: 25 },
    'agent.rename': { agentId, title: 'renamed' },
    'agent.remove': { agentId: 'zz-none' },
    'agent.stop': { agentId: 'zz-none' },
    'agent.archive': { agentId: 'zz-none' },
    'agent.restart': { agentId: 'zz-none' },
    'agent.wait': { agentId, timeoutMs: 1 },
    'agent.diffWait': { agentId, fingerprint: '', timeoutMs: 1 },
    'history.read': { agentId, count: 1 },
    'permit.decide': { requestId, behavior: 'deny', message: 'no' },
    'permit.show': { requestId },
    'devices.pair': { role: 'admin', label: 'x' },
    'devices.revoke': { deviceId: 'dev_none' },
    'daemon.health': {},
    'daemon.shutdown': {},
    'events.subscribe': {},
    'provider.list': {},
    'permit.list': {},
    'devices.list': {},
    'worktree.list': {},
    'worktree.create': { action: 'branch-off', branchName: 'b', cwd: '/tmp/none' },
    'worktree.archive': { path: '/tmp/none' },
    'policy.addRule': { scope: 'agent', agentId, requestId, dryRun: true },
    'policy.test': { tool: 'Bash', command: 'ls' },
  };
  return table[method] ?? { agentId };
}

function addApproval(): void {
  fake.approvals.push({ id: `r${fake.approvals.length + fake.decisions.length + 1}`, agentId: 'a001', tool: 'Bash', command: 'git push', createdAt: '', deadlineAt: '' } as never);
}

type Who = { name: string; role: Role; connect: () => Promise<WsPeer> };
const principals: Who[] = [
  ...ROLES.map((role) => ({ name: `device ${role}`, role, connect: () => WsPeer.hello(server.url, { cookie: cookies.get(role)!, origin: `http://127.0.0.1:${server.port}` }) })),
  { name: 'local token', role: 'admin' as Role, connect: () => WsPeer.hello(server.url, {}, TOKEN) },
];

describe('role matrix', () => {
  it('every method in the table has a decided role, and the table agrees with it', () => {
    for (const [method, entry] of Object.entries(methodTable)) {
      expect(expectedRole(method), `no expected role for ${method}: decide it in README Security and here`).toBeDefined();
      expect(entry.role, method).toBe(expectedRole(method));
    }
    // Client message types other than requests: hello authenticates, requests are checked per method, keystrokes
    // need an operator, a viewer's frame acks are a viewer's.
    expect(messageRoles).toEqual({ hello: 'any', request: 'any', input: 'operator', ack: 'viewer' });
  });

  for (const who of principals) {
    it(`${who.name}: each method allowed at or above its role, else refused with no side effect`, async () => {
      const peer = await who.connect();
      const welcome = peer.messages.find((m) => m.type === 'welcome');
      expect(welcome, 'welcomed').toMatchObject({ type: 'welcome', role: who.role });
      try {
        for (const method of Object.keys(methodTable)) {
          if (method === 'devices.revoke' || method === 'daemon.shutdown') continue; // below, they end connections
          if (fake.approvals.length === 0) addApproval();
          const params = await paramsFor(method);
          const before = { calls: calls.length, agents: fake.agents.size, approvals: fake.approvals.length, inputs: fake.inputs.length, devices: server.auth.list().length };
          const reply = await peer.request(method, params);
          const allowed = rank(who.role) >= rank(expectedRole(method)!);
          if (allowed) {
            expect(reply.error?.code, `${who.name} may call ${method}`).not.toBe('forbidden');
          } else {
            expect(reply.error?.code, `${who.name} must not call ${method}`).toBe('forbidden');
            const after = { calls: calls.length, agents: fake.agents.size, approvals: fake.approvals.length, inputs: fake.inputs.length, devices: server.auth.list().length };
            expect(after, `${method} refused with no side effect`).toEqual(before);
          }
        }
        // Keystrokes: the one non-request message that acts.
        const agentId = [...fake.agents.keys()][0]!;
        const inputsBefore = fake.inputs.length;
        const errorsBefore = peer.messages.filter((m) => m.type === 'error').length;
        peer.send({ type: 'input', agentId, data: 'rm -rf ~\r' });
        // A request after the input answers only once the input was handled (one connection, in order).
        await peer.request('agent.list', {});
        if (rank(who.role) >= rank('operator')) {
          expect(fake.inputs.length).toBe(inputsBefore + 1);
        } else {
          expect(fake.inputs.length, 'the PTY got no bytes').toBe(inputsBefore);
          const errors = peer.messages.filter((m) => m.type === 'error');
          expect(errors.length).toBe(errorsBefore + 1);
          expect(errors.at(-1)).toMatchObject({ error: { code: 'forbidden' } });
        }
      } finally {
        peer.close();
      }
    });
  }

  it('devices.revoke and daemon.shutdown are refused below admin and nothing happens', async () => {
    const target = server.auth.list()[0]!;
    for (const role of ['viewer', 'approver', 'operator'] as Role[]) {
      const peer = await principals.find((p) => p.role === role && p.name.startsWith('device'))!.connect();
      const shutdownsBefore = fake.shutdownCalls;
      expect((await peer.request('devices.revoke', { deviceId: target.id })).error?.code).toBe('forbidden');
      expect((await peer.request('daemon.shutdown', {})).error?.code).toBe('forbidden');
      expect(server.auth.list().map((d) => d.id)).toContain(target.id);
      expect(fake.shutdownCalls).toBe(shutdownsBefore);
      peer.close();
    }
  });

  it('an unknown method is refused for every principal, admin included, and nothing runs', async () => {
    for (const who of principals) {
      const peer = await who.connect();
      const before = calls.length;
      expect((await peer.request('agent.format_disk', { agentId: 'a001' })).error?.code).toBe('unknown_method');
      expect(calls.length).toBe(before);
      peer.close();
    }
  });
});
