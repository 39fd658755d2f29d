// The SDK's MCP client against the daemon's /mcp (streamable HTTP) and against `paseo mcp` (stdio, the built CLI).
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createMcpRoute } from '../../src/mcp/http-route.js';
import { closeAll, openSupervisor, until, type Fixture } from '../supervisor/helpers/supervisor-fixture.js';
import { makeFixtureRepo, type FixtureRepo } from '../git/fixture-repo.js';
import { cliEntry } from '../helpers/paseo-cli.js';
import { childMode } from '../../src/mcp/caller-limits.js';
import type { AgentRecord } from '../../src/core/agent.js';

const TOKEN = 'a'.repeat(64);
const TOOLS = [
  'archive_agent',
  'archive_worktree',
  'create_agent',
  'create_schedule',
  'create_worktree',
  'delete_schedule',
  'get_agent_status',
  'list_agents',
  'list_pending_permissions',
  'list_providers',
  'list_schedules',
  'list_worktrees',
  'send_agent_prompt',
  'wait_for_agent',
];

let fx: Fixture;
let server: RunningServer;
let repo: FixtureRepo;
let mcpUrl: string;
const clients: Client[] = [];

beforeAll(async () => {
  fx = await openSupervisor();
  fs.writeFileSync(path.join(fx.home, 'token'), TOKEN + '\n', { mode: 0o600 });
  server = await startServer({
    service: fx.sup,
    listen: '127.0.0.1:0',
    token: TOKEN,
    version: '0.0.0-test',
    home: fx.home,
    mcpRoute: createMcpRoute({ api: fx.sup, token: TOKEN, version: '0.0.0-test', progressIntervalMs: 200 }),
  });
  mcpUrl = `http://127.0.0.1:${server.port}/mcp`;
  repo = makeFixtureRepo();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});
afterAll(async () => {
  await server.close();
  await closeAll();
  repo.dispose();
});

async function httpClient(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<Client> {
  const client = new Client({ name: 'test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

async function stdioClient(): Promise<Client> {
  const client = new Client({ name: 'test-stdio', version: '1' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliEntry, '--home', fx.home, 'mcp', '--url', mcpUrl],
    env: { ...process.env, PASEO_HOME: fx.home } as Record<string, string>,
    stderr: 'pipe',
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

type ToolResult = { isError?: boolean; content: Array<{ type: string; text?: string }> };

async function call(client: Client, name: string, args: Record<string, unknown>, opts: Parameters<Client['callTool']>[2] = {}): Promise<{ result: ToolResult; json: Record<string, any> }> {
  const result = (await client.callTool({ name, arguments: args }, undefined, opts)) as ToolResult;
  const text = result.content[0]?.text ?? '';
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    // an error's text
  }
  return { result, json };
}

describe.each([
  ['/mcp (streamable HTTP)', () => httpClient()],
  ['paseo mcp (stdio)', () => stdioClient()],
])('MCP tools over %s', (_name, connect) => {
  it('lists every tool with its schema; none decides approvals', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(TOOLS));
    const create = tools.find((t) => t.name === 'create_agent')!;
    expect(create.inputSchema.required?.sort()).toEqual(['initialPrompt', 'provider', 'title']);
    expect(Object.keys(create.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['cwd', 'mode', 'background', 'notifyOnFinish']));
    expect(Object.keys(tools.find((t) => t.name === 'create_worktree')!.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['githubPrNumber', 'action', 'branchName', 'baseBranch', 'refName', 'cwd']),
    );
    expect(tools.some((t) => /decide|approve|permit/.test(t.name))).toBe(false);
  });

  it('create_worktree then create_agent in it blocks until idle and returns the answer', async () => {
    const client = await connect();
    const branch = `mcp-${Math.random().toString(36).slice(2, 8)}`;
    const wt = await call(client, 'create_worktree', { action: 'branch-off', branchName: branch, baseBranch: 'main', cwd: repo.repo });
    expect(wt.result.isError).toBeFalsy();
    expect(wt.json).toMatchObject({ branchName: branch });
    expect(fs.existsSync(wt.json.worktreePath)).toBe(true);
    const agent = await call(client, 'create_agent', { title: 'child', provider: 'shell', initialPrompt: 'echo answer-$((6*7)) && ls', cwd: wt.json.worktreePath });
    expect(agent.result.isError).toBeFalsy();
    expect(agent.json).toMatchObject({ outcome: 'idle', status: 'idle', cwd: wt.json.worktreePath, title: 'child' });
    expect(agent.json.agentId).toMatch(/\S/);
    expect(agent.json.lastAnswer).toContain('answer-42');
    expect(agent.json.lastAnswer).toContain('README.md');
    const listed = await call(client, 'list_worktrees', { cwd: repo.repo });
    expect(listed.json.worktrees.find((w: { branchName: string }) => w.branchName === branch).agents).toEqual([agent.json.agentId]);
  });

  it('background:true returns at once; wait_for_agent blocks until it is done', async () => {
    const client = await connect();
    const started = await call(client, 'create_agent', { title: 'bg', provider: 'shell', initialPrompt: 'sleep 1; echo bg-finished', cwd: repo.dir, background: true });
    expect(started.json.agentId).toBeTruthy();
    expect(started.json.lastAnswer).toBeUndefined();
    const done = await call(client, 'wait_for_agent', { agentId: started.json.agentId });
    expect(done.json).toMatchObject({ agentId: started.json.agentId, outcome: 'idle' });
    expect(done.json.lastAnswer).toContain('bg-finished');
    const sent = await call(client, 'send_agent_prompt', { agentId: started.json.agentId, prompt: 'echo second-$((1+1))' });
    expect(sent.json.lastAnswer).toContain('second-2');
  });

  it('gives a clear error for bad input', async () => {
    const client = await connect();
    const missing = await call(client, 'create_agent', { provider: 'shell', initialPrompt: 'true' });
    expect(missing.result.isError).toBe(true);
    expect(missing.result.content[0]!.text).toMatch(/title/);
    const wrongType = await call(client, 'create_worktree', { githubPrNumber: 'five' });
    expect(wrongType.result.isError).toBe(true);
    expect(wrongType.result.content[0]!.text).toMatch(/githubPrNumber/);
    const nothing = await call(client, 'create_worktree', { cwd: repo.repo });
    expect(nothing.result.content[0]!.text).toMatch(/give githubPrNumber, or action "branch-off" with branchName/);
    const unknown = await call(client, 'get_agent_status', { agentId: 'zzzz-no-such' });
    expect(unknown.result.isError).toBe(true);
    expect(unknown.result.content[0]!.text).toMatch(/no agent "zzzz-no-such"/);
  });
});

describe('childMode', () => {
  const caller = (mode: AgentRecord['mode']) => ({ id: 'p', mode }) as AgentRecord;
  it('is at most the caller\'s; a plan-mode caller\'s children are in plan mode too', () => {
    expect(childMode(undefined, 'full-access')).toBe('full-access');
    expect(childMode(caller('plan'), undefined)).toBe('plan');
    expect(childMode(caller('full-access'), undefined)).toBeUndefined();
    expect(childMode(caller('accept-edits'), 'default')).toBe('default');
    expect(() => childMode(caller('plan'), 'default')).toThrow(/plan mode cannot start one in default mode/);
    expect(() => childMode(caller('accept-edits'), 'full-access')).toThrow(/at most its own/);
  });
});

describe('MCP tools over /mcp', () => {
  it('list_agents filters by cwd, statuses and archived; archive_agent stops a running agent', async () => {
    const client = await httpClient();
    const dir = fs.mkdtempSync(path.join(repo.dir, 'filter-'));
    const a = await call(client, 'create_agent', { title: 'a', provider: 'shell', initialPrompt: 'echo a', cwd: dir });
    const b = await call(client, 'create_agent', { title: 'b', provider: 'shell', initialPrompt: 'sleep 30', cwd: dir, background: true });
    const inDir = await call(client, 'list_agents', { cwd: dir });
    expect(inDir.json.agents.map((x: { agentId: string }) => x.agentId).sort()).toEqual([a.json.agentId, b.json.agentId].sort());
    const idle = await call(client, 'list_agents', { cwd: dir, statuses: ['idle'] });
    expect(idle.json.agents.map((x: { agentId: string }) => x.agentId)).toEqual([a.json.agentId]);
    const archived = await call(client, 'archive_agent', { agentId: b.json.agentId });
    expect(archived.json.archivedAt).toBeTruthy();
    expect((await call(client, 'list_agents', { cwd: dir })).json.agents.map((x: { agentId: string }) => x.agentId)).toEqual([a.json.agentId]);
    const all = await call(client, 'list_agents', { cwd: dir, includeArchived: true });
    expect(all.json.agents).toHaveLength(2);
    expect((await fx.sup.getAgent(b.json.agentId)).status).toBe('exited');
    const recent = await call(client, 'list_agents', { cwd: dir, sinceHours: 1 });
    expect(recent.json.agents).toHaveLength(1);
  });

  it('sends progress notifications while it blocks, so a short client timeout does not fire', async () => {
    const client = await httpClient();
    const started = await call(client, 'create_agent', { title: 'slow', provider: 'shell', initialPrompt: 'sleep 2; echo slow-done', cwd: repo.dir, background: true });
    const progress: string[] = [];
    const done = await call(client, 'wait_for_agent', { agentId: started.json.agentId }, {
      onprogress: (p) => progress.push(p.message ?? ''),
      timeout: 1000,
      resetTimeoutOnProgress: true,
    });
    expect(done.json.lastAnswer).toContain('slow-done');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatch(/is running/);
  });

  it('create_worktree keeps the call alive with progress while its setup waits in the approval queue', async () => {
    const client = await httpClient();
    const { commitFile } = await import('../git/fixture-repo.js');
    commitFile(repo.repo, '.paseo.json', JSON.stringify({ worktree: { setup: ['echo mcp-setup'] } }), 'setup for mcp');
    const progress: string[] = [];
    const creating = call(client, 'create_worktree', { action: 'branch-off', branchName: 'held', cwd: repo.repo }, {
      onprogress: (p) => progress.push(p.message ?? ''),
      timeout: 1000,
      resetTimeoutOnProgress: true,
    });
    const ask = await until('the setup request', async () => (await fx.sup.listApprovals()).find((a) => a.tool === 'worktree.setup'), 10_000);
    await until('two progress notifications', () => (progress.length >= 2 ? true : undefined), 10_000);
    await fx.sup.decideApproval(ask.id, { behavior: 'allow' });
    const done = await creating;
    expect(done.result.isError).toBeFalsy();
    expect(done.json.setup).toMatchObject({ status: 'ran', results: [{ exitCode: 0, output: 'mcp-setup\n' }] });
    expect(progress[0]).toMatch(/waiting for approval/);
  });

  it('checks Host and Origin like the WebSocket', async () => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${TOKEN}` }, body: '{}' };
    const evil = await fetch(mcpUrl, { ...init, headers: { ...init.headers, origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
  });

  it('refuses a missing token or a wrong agent credential; an agent credential makes it the parent', async () => {
    const noToken = await fetch(mcpUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(noToken.status).toBe(401);
    const parent = await fx.sup.createAgent({ provider: 'shell', cwd: repo.dir, title: 'parent' });
    const secret = fs.readFileSync(path.join(fx.home, 'agents', parent.id, 'hook-secret'), 'utf8').trim();
    await expect(httpClient({ authorization: 'Bearer wrong', 'x-paseo-agent': parent.id })).rejects.toThrow();
    // The daemon's token does not stand in for an agent's own credential.
    await expect(httpClient({ authorization: `Bearer ${TOKEN}`, 'x-paseo-agent': parent.id })).rejects.toThrow();
    const asAgent = await httpClient({ authorization: `Bearer ${secret}`, 'x-paseo-agent': parent.id });
    const child = await call(asAgent, 'create_agent', { title: 'kid', provider: 'shell', initialPrompt: 'echo kid', background: true });
    expect(child.json.parentAgentId).toBe(parent.id);
    expect(child.json.cwd).toBe(parent.cwd);
    const self = await call(asAgent, 'get_agent_status', { agentId: 'self' });
    expect(self.json.agentId).toBe(parent.id);
  });

  it('an agent gets no more than itself: children in at most its mode, and it drives only itself and its descendants', async () => {
    const parent = await fx.sup.createAgent({ provider: 'shell', cwd: repo.dir, title: 'careful' });
    const other = await fx.sup.createAgent({ provider: 'shell', cwd: repo.dir, title: 'someone else' });
    const secret = fs.readFileSync(path.join(fx.home, 'agents', parent.id, 'hook-secret'), 'utf8').trim();
    const asAgent = await httpClient({ authorization: `Bearer ${secret}`, 'x-paseo-agent': parent.id });
    const escalate = await call(asAgent, 'create_agent', { title: 'root', provider: 'shell', initialPrompt: 'true', mode: 'full-access', background: true });
    expect(escalate.result.isError).toBe(true);
    expect(escalate.result.content[0]!.text).toMatch(/an agent in default mode cannot start one in full-access mode/);
    const child = await call(asAgent, 'create_agent', { title: 'kid', provider: 'shell', initialPrompt: 'true', background: true });
    expect((await fx.sup.getAgent(child.json.agentId)).mode).toBe('default');
    const grandchildSecret = fs.readFileSync(path.join(fx.home, 'agents', child.json.agentId, 'hook-secret'), 'utf8').trim();
    const asChild = await httpClient({ authorization: `Bearer ${grandchildSecret}`, 'x-paseo-agent': child.json.agentId });
    const grandchild = await call(asChild, 'create_agent', { title: 'grandkid', provider: 'shell', initialPrompt: 'true', background: true });
    const toOther = await call(asAgent, 'send_agent_prompt', { agentId: other.id, prompt: 'echo hijack', background: true });
    expect(toOther.result.isError).toBe(true);
    expect(toOther.result.content[0]!.text).toMatch(/only itself and the agents it started/);
    expect((await call(asAgent, 'archive_agent', { agentId: other.id })).result.isError).toBe(true);
    const toGrandchild = await call(asAgent, 'send_agent_prompt', { agentId: grandchild.json.agentId, prompt: 'echo fine', background: true });
    expect(toGrandchild.result.isError).toBeFalsy();
    // Reading is open.
    expect((await call(asAgent, 'get_agent_status', { agentId: other.id })).result.isError).toBeFalsy();
  });
});
