/**
 * The real Claude Code, started by paseo on the fake model server, calls paseo's create_agent through the MCP server
 * paseo injected into its per-agent settings: the child appears with its parent recorded, and with notifyOnFinish the
 * child's finish comes back to the parent as a prompt (the fake model's next request carries it).
 */
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { startFakeGemini } from '../fakes/fake-gemini.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { agentRig, type AgentRig } from './agent-harness.js';
import { fakeModelUser, type FakeModelUser } from './helpers/fake-model-user.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
let env: Record<string, string>;
let user: FakeModelUser | undefined;

beforeAll(async () => {
  user = await fakeModelUser('claude', startFakeAnthropic, 'paseo-claude-mcp-', fs.realpathSync(os.tmpdir()));
  ({ fake, env } = user);
  // MCP tools offered up front, not deferred behind a tool search: the fake model calls the tool by name.
  env.ENABLE_TOOL_SEARCH = 'false';
  rig = await agentRig();
}, MIN);

afterAll(async () => {
  await rig?.dispose();
  await user?.close();
});

/** Every user-prompt text the fake model received. */
function promptsSeen(): string[] {
  const out: string[] = [];
  for (const r of fake.requests) {
    for (const m of (r.body as { messages?: Array<{ role: string; content: unknown }> } | null)?.messages ?? []) {
      if (m.role !== 'user') continue;
      if (typeof m.content === 'string') out.push(m.content);
      else if (Array.isArray(m.content)) for (const b of m.content as Array<{ type: string; text?: string }>) if (b.type === 'text' && b.text) out.push(b.text);
    }
  }
  return out;
}

describe('Claude Code orchestrates through paseo MCP', () => {
  it('creates a child agent through the injected MCP server; the child finishing is delivered to the parent', async () => {
    fake.turns.enqueue([
      // What Claude tells a model that calls an MCP tool while its server is still starting: wait for it first.
      { tool: { name: 'WaitForMcpServers', input: {} } },
      {
        tool: {
          name: 'mcp__paseo__create_agent',
          input: { title: 'kid', provider: 'shell', initialPrompt: 'echo child-says-$((40+2))', background: true, notifyOnFinish: true },
        },
      },
    ]);
    const parent = await rig.client.createAgent({ provider: 'claude/sonnet', mode: 'full-access', cwd: rig.cwd, prompt: 'delegate the work', env, cols: 110, rows: 30 });
    // Claude saw paseo's tools in its tool list.
    await rig.until(parent.id, () => fake.requests.some((r) => ((r.body as { tools?: Array<{ name: string }> } | null)?.tools ?? []).some((t) => t.name === 'mcp__paseo__create_agent')), 'paseo tools offered to the model', 90_000);
    const child = await rig.until(parent.id, async () => (await rig.client.listAgents()).find((a) => a.parentAgentId === parent.id), 'the child agent', 90_000);
    expect(child).toMatchObject({ title: 'kid', provider: 'shell', parentAgentId: parent.id, notifyOnFinish: true, cwd: rig.cwd });
    // The tool's answer reached the model.
    await rig.until(parent.id, () => promptsSeen().length > 0 && fake.requests.some((r) => JSON.stringify(r.body).includes(child.id)), 'the create_agent result in a model request', 60_000);
    // The child's finish comes back as a prompt into the parent: the model's next request carries it.
    const note = await rig.until(parent.id, () => promptsSeen().find((t) => t.includes(`"kid" (${child.id}) finished`)), 'the notification in a model request', 90_000);
    expect(note).toContain('child-says-42');
  }, 4 * MIN);
});

describe('Gemini CLI orchestrates through paseo MCP', () => {
  it('sees paseo\'s tools (mcp_paseo_*) and creates a child with its parent recorded', async () => {
    const { fake: gfake, env: genv, close } = await fakeModelUser('gemini', startFakeGemini, 'paseo-gemini-mcp-', rig.cwd);
    try {
      gfake.turns.enqueue([{ tool: { name: 'mcp_paseo_create_agent', input: { title: 'gkid', provider: 'shell', initialPrompt: 'echo from-gemini-child', background: true } } }]);
      const parent = await rig.client.createAgent({ provider: 'gemini', mode: 'full-access', cwd: rig.cwd, prompt: 'delegate it', env: genv, cols: 110, rows: 30 });
      const child = await rig.until(parent.id, async () => (await rig.client.listAgents()).find((a) => a.parentAgentId === parent.id), 'the Gemini agent\'s child', 90_000);
      expect(child).toMatchObject({ title: 'gkid', provider: 'shell', cwd: rig.cwd });
    } finally {
      await close();
    }
  }, 3 * MIN);
});
