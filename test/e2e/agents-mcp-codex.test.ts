/**
 * The real Codex, started by paseo on the fake OpenAI server, calls paseo's create_agent through the MCP server paseo
 * injected into its per-agent config.toml. Codex offers MCP tools deferred (only `tool_search`, the namespace named in
 * its instructions); the fake model does what a real one does: searches, then calls `create_agent` in the `mcp__paseo`
 * namespace Codex loaded. The child records its parent, and with notifyOnFinish its finish reaches the parent's next
 * model request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fake-openai.js';
import type { FakeModelServer, RecordedRequest } from '../fakes/fake-server.js';
import { agentRig, type AgentRig } from './agent-harness.js';
import { fakeModelUser, type FakeModelUser } from './helpers/fake-model-user.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
let env: Record<string, string>;
let user: FakeModelUser | undefined;

beforeAll(async () => {
  rig = await agentRig();
  user = await fakeModelUser('codex', startFakeOpenAI, 'paseo-codex-mcp-', rig.cwd);
  ({ fake, env } = user);
}, MIN);

afterAll(async () => {
  await rig?.dispose();
  await user?.close();
});

interface Item {
  type?: string;
  role?: string;
  content?: unknown;
  tools?: Array<{ type?: string; name?: string; tools?: Array<{ name?: string }> }>;
}
const inputOf = (r: RecordedRequest): Item[] => {
  const input = (r.body as { input?: unknown } | null)?.input;
  return Array.isArray(input) ? (input as Item[]) : [];
};

/** Every user-message text the fake model received. */
function promptsSeen(): string[] {
  const out: string[] = [];
  for (const r of fake.requests) {
    for (const it of inputOf(r)) {
      if (it.role !== 'user') continue;
      if (typeof it.content === 'string') out.push(it.content);
      else if (Array.isArray(it.content)) for (const c of it.content as Array<{ text?: string }>) if (c.text) out.push(c.text);
    }
  }
  return out;
}

/** True once Codex answered a tool search with paseo's namespace holding create_agent. */
function paseoToolsLoaded(): boolean {
  return fake.requests.some((r) =>
    inputOf(r).some((it) => it.type === 'tool_search_output' && (it.tools ?? []).some((ns) => ns.name === 'mcp__paseo' && (ns.tools ?? []).some((t) => t.name === 'create_agent'))),
  );
}

describe('Codex orchestrates through paseo MCP', () => {
  it('finds paseo\'s tools with tool_search, creates a child with its parent recorded; the child finishing reaches the parent', async () => {
    fake.turns.enqueue([
      {
        tool: {
          name: 'mcp__paseo__create_agent',
          input: { title: 'kid', provider: 'shell', initialPrompt: 'echo child-says-$((40+2))', background: true, notifyOnFinish: true },
        },
      },
    ]);
    const parent = await rig.client.createAgent({ provider: 'codex/gpt-5.5', mode: 'full-access', cwd: rig.cwd, prompt: 'delegate the work', env, cols: 110, rows: 30 });
    // Codex named paseo's namespace as deferred and loaded it on the model's search.
    await rig.until(parent.id, () => paseoToolsLoaded(), 'paseo tools loaded by tool_search', 90_000);
    const child = await rig.until(parent.id, async () => (await rig.client.listAgents()).find((a) => a.parentAgentId === parent.id), 'the child agent', 90_000);
    expect(child).toMatchObject({ title: 'kid', provider: 'shell', parentAgentId: parent.id, notifyOnFinish: true, cwd: rig.cwd });
    // The tool's answer (the child's id) reached the model.
    await rig.until(parent.id, () => fake.requests.some((r) => inputOf(r).some((it) => it.type === 'function_call_output' && JSON.stringify(it).includes(child.id))), 'the create_agent result in a model request', 60_000);
    // The child's finish comes back as a prompt into the parent: the model's next request carries it.
    const note = await rig.until(parent.id, () => promptsSeen().find((t) => t.includes(`"kid" (${child.id}) finished`)), 'the notification in a model request', 90_000);
    expect(note).toContain('child-says-42');
  }, 4 * MIN);

  it('in default mode the MCP call waits in paseo\'s approval queue (Codex\'s PermissionRequest hook) and runs once allowed', async () => {
    fake.turns.enqueue([{ tool: { name: 'mcp__paseo__create_agent', input: { title: 'asked-kid', provider: 'shell', initialPrompt: 'echo asked', background: true } } }]);
    const parent = await rig.client.createAgent({ provider: 'codex/gpt-5.5', mode: 'default', cwd: rig.cwd, prompt: 'delegate after asking', env, cols: 110, rows: 30 });
    const asked = await rig.approval((a) => a.agentId === parent.id, 'the create_agent approval', parent.id);
    expect(asked).toMatchObject({ tool: 'mcp__paseo__create_agent', raw: { title: 'asked-kid', provider: 'shell' } });
    expect((await rig.client.listAgents()).some((a) => a.parentAgentId === parent.id)).toBe(false);
    await rig.client.decideApproval(asked.id, { behavior: 'allow' });
    const child = await rig.until(parent.id, async () => (await rig.client.listAgents()).find((a) => a.parentAgentId === parent.id), 'the allowed child', 60_000);
    expect(child).toMatchObject({ title: 'asked-kid', provider: 'shell' });
  }, 3 * MIN);
});
