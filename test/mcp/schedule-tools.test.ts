// create_schedule / list_schedules / delete_schedule through the SDK's MCP client (in-memory transport) over the real
// schedule service: "self" is the calling agent, input errors say what was wrong, an agent deletes only its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaseoApi } from '../../src/core/api.js';
import { createPaseoMcpServer } from '../../src/mcp/create-mcp-server.js';
import { ScheduleService } from '../../src/supervisor/schedules/schedule-service.js';
import { FakeScheduleApi } from '../supervisor/schedules/fake-schedule-api.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(callerAgentId?: string): Promise<{ client: Client; agents: FakeScheduleApi; svc: ScheduleService; connect(caller?: string): Promise<Client> }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-mcp-sched-'));
  const agents = new FakeScheduleApi();
  const svc = ScheduleService.open(home, agents);
  cleanups.push(async () => {
    svc.dispose();
    await svc.flush();
    fs.rmSync(home, { recursive: true, force: true });
  });
  const api = {
    getAgent: (id: string) => agents.getAgent(id),
    listAgents: async () => [...agents.agents.values()].map((a) => a.record),
    createSchedule: (o: Parameters<ScheduleService['create']>[0]) => svc.create(o),
    listSchedules: async () => svc.list(),
    getSchedule: async (id: string) => svc.get(id),
    deleteSchedule: (id: string) => svc.delete(id),
  } as unknown as PaseoApi;
  const connect = async (caller?: string): Promise<Client> => {
    const server = createPaseoMcpServer({ api, version: '0.0.0-test', ...(caller ? { callerAgentId: caller } : {}) });
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'test', version: '1' });
    await Promise.all([server.connect(a), client.connect(b)]);
    cleanups.push(() => client.close());
    return client;
  };
  return { client: await connect(callerAgentId), agents, svc, connect };
}

type Result = { isError?: boolean; content: Array<{ text?: string }> };
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string }> {
  const r = (await client.callTool({ name, arguments: args })) as Result;
  return { isError: r.isError === true, text: r.content.map((c) => c.text ?? '').join('') };
}

describe('schedule tools', () => {
  it('create_schedule with target "self" schedules the calling agent; list_schedules shows it', async () => {
    const { agents, connect } = await setup();
    const me = agents.addAgent('idle');
    const client = await connect(me);
    const created = await call(client, 'create_schedule', { prompt: 'check the build', every: '5m', target: 'self', name: 'beat', maxRuns: 3 });
    expect(created.isError).toBe(false);
    expect(JSON.parse(created.text)).toMatchObject({ target: me, createdBy: me, everyMs: 300_000, maxRuns: 3, name: 'beat', state: 'active' });
    const listed = JSON.parse((await call(client, 'list_schedules', {})).text) as { schedules: Array<{ name: string }> };
    expect(listed.schedules.map((s) => s.name)).toEqual(['beat']);
  });

  it('says what was wrong: self without a calling agent, both cron and every, a bad duration, a bad cron', async () => {
    const { client } = await setup();
    expect((await call(client, 'create_schedule', { prompt: 'p', every: '5m', target: 'self' })).text).toMatch(/"self" works only from an agent paseo started/);
    expect((await call(client, 'create_schedule', { prompt: 'p', every: '5m', cron: '* * * * *' })).text).toMatch(/give one of cron or every/);
    expect((await call(client, 'create_schedule', { prompt: 'p', every: 'often' })).text).toMatch(/a duration like 30s, 5m, 2h or 1d/);
    expect((await call(client, 'create_schedule', { prompt: 'p', cron: '* * *' })).text).toMatch(/cron needs 5 fields/);
  });

  it('an agent deletes only the schedules it created', async () => {
    const { client: person, agents, connect } = await setup();
    const me = agents.addAgent('idle');
    const mine = JSON.parse((await call(await connect(me), 'create_schedule', { prompt: 'p', every: '1m', target: 'self' })).text) as { id: string };
    const theirs = JSON.parse((await call(person, 'create_schedule', { prompt: 'p', every: '1m' })).text) as { id: string };
    const agent = await connect(me);
    const refused = await call(agent, 'delete_schedule', { scheduleId: theirs.id });
    expect(refused).toMatchObject({ isError: true, text: expect.stringMatching(/not created by this agent/) });
    expect((await call(agent, 'delete_schedule', { scheduleId: mine.id })).isError).toBe(false);
    expect((JSON.parse((await call(person, 'list_schedules', {})).text) as { schedules: Array<{ id: string }> }).schedules.map((s) => s.id)).toEqual([theirs.id]);
  });
});
