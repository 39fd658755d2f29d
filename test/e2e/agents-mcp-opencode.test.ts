/**
 * The real OpenCode, started by paseo on the fake Anthropic server, calls paseo's create_agent through the MCP server
 * paseo merged into its config (OPENCODE_CONFIG_CONTENT). OpenCode names an MCP tool `<server>_<tool>`:
 * `paseo_create_agent`. The child records its parent, and with notifyOnFinish its finish reaches the parent's next
 * model request. OpenCode asks before paseo's tools (`"paseo_*": "ask"` in OPENCODE_PERMISSION), so each call goes
 * through paseo's policy: allowed at once in full-access, held in the approval queue in default mode.
 * OpenCode is heavy (≈1 GB, 4–6 s to start idle, more under load): one agent at a time, generous deadlines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { agentRig, liveInGroup, type AgentRig } from './agent-harness.js';
import { fakeModelUser, type FakeModelUser } from './helpers/fake-model-user.js';

const MIN = 60_000;
let rig: AgentRig;
let fake: FakeModelServer;
let env: Record<string, string>;
let user: FakeModelUser | undefined;
/** Every OpenCode started here, for the cleanup. */
const parentPids: number[] = [];

beforeAll(async () => {
  rig = await agentRig();
  user = await fakeModelUser('opencode', startFakeAnthropic, 'paseo-opencode-mcp-', rig.cwd);
  ({ fake, env } = user);
}, MIN);

afterAll(async () => {
  await rig?.dispose();
  // The agent's process group went with the daemon's PTY; make sure (≈1 GB).
  for (const pid of parentPids) {
    if (liveInGroup(pid).length === 0) continue;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await user?.close();
}, MIN);

type Body = { tools?: Array<{ name: string }>; messages?: Array<{ role: string; content: unknown }> } | null;

/** Every user-prompt text the fake model received. */
function promptsSeen(): string[] {
  const out: string[] = [];
  for (const r of fake.requests) {
    for (const m of (r.body as Body)?.messages ?? []) {
      if (m.role !== 'user') continue;
      if (typeof m.content === 'string') out.push(m.content);
      else if (Array.isArray(m.content)) for (const b of m.content as Array<{ type: string; text?: string }>) if (b.type === 'text' && b.text) out.push(b.text);
    }
  }
  return out;
}

describe('OpenCode orchestrates through paseo MCP', () => {
  it('sees paseo_create_agent, creates a child with its parent recorded; the child finishing reaches the parent', async () => {
    fake.turns.enqueue([
      {
        tool: {
          name: 'paseo_create_agent',
          input: { title: 'okid', provider: 'shell', initialPrompt: 'echo child-says-$((40+2))', background: true, notifyOnFinish: true },
        },
      },
    ]);
    const parent = await rig.client.createAgent({ provider: 'opencode/anthropic/claude-sonnet-4-5', mode: 'full-access', cwd: rig.cwd, prompt: 'delegate the work', env, cols: 110, rows: 30 });
    const pid = parent.pid ?? (await rig.client.getAgent(parent.id)).pid;
    if (pid) parentPids.push(pid);
    // OpenCode offered paseo's tools to the model under its own naming.
    await rig.until(parent.id, () => fake.requests.some((r) => ((r.body as Body)?.tools ?? []).some((t) => t.name === 'paseo_create_agent')), 'paseo tools offered to the model', 90_000);
    const child = await rig.until(parent.id, async () => (await rig.client.listAgents()).find((a) => a.parentAgentId === parent.id), 'the child agent', 90_000);
    expect(child).toMatchObject({ title: 'okid', provider: 'shell', parentAgentId: parent.id, notifyOnFinish: true, cwd: rig.cwd });
    // The tool's answer (the child's id) reached the model.
    await rig.until(parent.id, () => fake.requests.some((r) => JSON.stringify((r.body as Body)?.messages ?? []).includes(child.id)), 'the create_agent result in a model request', 60_000);
    // The child's finish comes back as a prompt into the parent: the model's next request carries it.
    const note = await rig.until(parent.id, () => promptsSeen().find((t) => t.includes(`"okid" (${child.id}) finished`)), 'the notification in a model request', 90_000);
    expect(note).toContain('child-says-42');
    // OpenCode asked, and paseo's policy allowed it by the mode: nothing waited in the queue.
    const lines = await rig.client.readAudit({ agentId: parent.id });
    expect(lines.filter((l) => l.tool === 'paseo_create_agent')).toEqual([
      expect.objectContaining({ kind: 'decision', outcome: 'allow', how: expect.objectContaining({ by: 'mode', mode: 'full-access' }) }),
    ]);
  }, 4 * MIN);

  it("in default mode create_agent waits in paseo's approval queue (OpenCode's permission, through the bridge) and runs once allowed", async () => {
    const args = { title: 'asked-kid', provider: 'shell', initialPrompt: 'echo asked', background: true };
    fake.turns.enqueue([{ tool: { name: 'paseo_create_agent', input: args } }]);
    const parent = await rig.client.createAgent({ provider: 'opencode/anthropic/claude-sonnet-4-5', mode: 'default', cwd: rig.cwd, prompt: 'delegate after asking', env, cols: 110, rows: 30 });
    const pid = parent.pid ?? (await rig.client.getAgent(parent.id)).pid;
    if (pid) parentPids.push(pid);
    const asked = await rig.until(parent.id, async () => (await rig.client.listApprovals()).find((a) => a.agentId === parent.id), 'the create_agent approval', 120_000);
    // The call itself, read like Claude's and Codex's: the tool's name and its arguments.
    expect(asked).toMatchObject({ tool: 'paseo_create_agent', summary: 'paseo_create_agent', raw: args });
    expect(asked.command).toBeUndefined();
    expect((await rig.client.listAgents()).some((a) => a.parentAgentId === parent.id)).toBe(false);
    await rig.client.decideApproval(asked.id, { behavior: 'allow' });
    const child = await rig.until(parent.id, async () => (await rig.client.listAgents()).find((a) => a.parentAgentId === parent.id), 'the allowed child', 90_000);
    expect(child).toMatchObject({ title: 'asked-kid', provider: 'shell', parentAgentId: parent.id });
  }, 4 * MIN);
});
