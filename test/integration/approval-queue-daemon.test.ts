// The approval queue through the real daemon (supervisor + HTTP hook endpoint + protocol), two clients and the built
// CLI: approval events keep every client's queue in step, a second decision is told the first won, `permit` takes an
// agent id prefix (its only request, or --all), and an agent asking on its own screen is an item whose y/n types keys.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PaseoClient } from '../../src/client/paseo-client.js';
import type { ApprovalEvent, ApprovalInfo } from '../../src/core/protocol.js';
import { until } from '../supervisor/helpers/supervisor-fixture.js';
import { repoRoot } from '../helpers/paseo-cli.js';
import { hookAdapterFiles, hookAdapters } from '../helpers/hook-adapters.js';
import { TestDaemon, rejection } from '../helpers/test-daemon.js';
import { pathToFileURL } from 'node:url';

/** What asky shows above its question: an edit's file, as a real CLI does. */
const ASKY_BEFORE = 'echo "Edit hello.py"; ';

const TOKEN = 'b'.repeat(64);
let daemon: TestDaemon | undefined;
let home: string | undefined;

afterEach(async () => {
  await daemon?.close();
  daemon = home = undefined;
});

async function start(): Promise<{ a: PaseoClient; b: PaseoClient }> {
  // Codex's own hook parsing (the built adapter) behind a stand-in process: its recorded apply_patch payload goes through the daemon.
  const codexHooks = pathToFileURL(path.join(repoRoot, 'dist/adapters/codex/hooks.js')).href;
  daemon = await TestDaemon.open({
    prefix: 'paseo-queue-',
    token: TOKEN,
    files: hookAdapterFiles(ASKY_BEFORE, {
      codexy: `${hookAdapters(ASKY_BEFORE)}\nimport { parseCodexHook, formatCodexReply } from ${JSON.stringify(codexHooks)};\nexport default { ...hooky, name: 'codexy', parseHook: parseCodexHook, formatHookReply: formatCodexReply };`,
    }),
  });
  home = daemon.home;
  return { a: await daemon.connect('tui'), b: await daemon.connect('tui') };
}

/** Sends one permission hook over HTTP; resolves with the daemon's answer once decided. */
function hook(agentId: string, command: string, event = 'Perm', payload: unknown = { command }): Promise<unknown> {
  return daemon!.hook(agentId, event, payload);
}

/** The events a client receives, and a way to wait for one (woken by each event, bounded by a deadline). */
function recorder(client: PaseoClient) {
  const events: ApprovalEvent[] = [];
  let wake = () => {};
  client.onDidChangeApproval((e) => {
    events.push(e);
    wake();
  });
  const next = async (pred: (e: ApprovalEvent) => boolean, what: string): Promise<ApprovalEvent> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = events.find(pred);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  };
  return { events, next };
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return daemon!.runCli(args);
}

async function pending(client: PaseoClient, n: number): Promise<ApprovalInfo[]> {
  return until(`${n} pending`, async () => {
    const list = await client.listApprovals();
    return list.length === n && list;
  });
}

describe('approval queue through the daemon', () => {
  it('two clients: both see the request arrive; a decision by one removes it from the other; a second decision is told it was already decided', async () => {
    const { a, b } = await start();
    const ra = recorder(a);
    const rb = recorder(b);
    const agent = await a.createAgent({ provider: 'hooky', cwd: home!, title: 'pusher' });
    const answer = hook(agent.id, 'git push origin main');
    const added = await rb.next((e) => e.kind === 'approval.added', 'B sees it added');
    await ra.next((e) => e.kind === 'approval.added', 'A sees it added');
    expect(added).toMatchObject({ kind: 'approval.added', approval: { agentId: agent.id, agentTitle: 'pusher', provider: 'hooky', tool: 'Bash', summary: '$ git push origin main', cwd: home } });
    const id = (added as Extract<ApprovalEvent, { kind: 'approval.added' }>).approval.id;
    expect(await a.showApproval(id)).toMatchObject({ command: 'git push origin main', cwd: home, files: [] });

    await a.decideApproval(id, { behavior: 'deny', message: 'not to main' });
    expect(await rb.next((e) => e.kind === 'approval.decided', 'B sees it decided')).toEqual({ kind: 'approval.decided', requestId: id, agentId: agent.id, behavior: 'deny', by: 'user' });
    expect(await answer).toEqual({ behavior: 'deny', message: 'not to main' });
    const second = await rejection(b.decideApproval(id, { behavior: 'allow' }));
    expect(second.code).toBe('not_pending');
    expect(second.message).toBe(`request ${id} was already decided (denied)`);
  });

  it('deny --interrupt also sends the agent its interrupt keys', async () => {
    const { a } = await start();
    const agent = await a.createAgent({ provider: 'hooky', cwd: home!, title: 'stoppable' });
    void hook(agent.id, 'rm -rf build');
    const [req] = await pending(a, 1);
    await a.decideApproval(req!.id, { behavior: 'deny', message: 'no' }, { interrupt: true });
    await until('the interrupt keys on its screen', async () => (await a.readLogs(agent.id)).includes('got:INTR'));
  });

  it('`paseo permit`: ls, show, an agent prefix names its only request, several need --all', async () => {
    const { a } = await start();
    const one = await a.createAgent({ provider: 'hooky', cwd: home!, title: 'one' });
    const two = await a.createAgent({ provider: 'hooky', cwd: home!, title: 'two' });
    const answers = [hook(one.id, 'make deploy'), hook(two.id, 'npm publish'), hook(two.id, 'git push --force')];
    await pending(a, 3);

    const ls = await runCli(['permit', 'ls']);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/one\s+Bash\s+\d+s\s+\$ make deploy/);
    const json = JSON.parse((await runCli(['permit', 'ls', '--json'])).stdout) as ApprovalInfo[];
    expect(json.map((x) => x.summary).sort()).toEqual(['$ git push --force', '$ make deploy', '$ npm publish']);
    const show = await runCli(['permit', 'show', one.id.slice(0, 6)]);
    expect(show.stdout).toContain('command:\n  make deploy');

    expect(await runCli(['permit', 'allow', one.id.slice(0, 6)])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^allowed \w+\n$/) });
    expect(await answers[0]).toEqual({ behavior: 'allow' });
    const ambiguous = await runCli(['permit', 'deny', two.id.slice(0, 6)]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(new RegExp(`^paseo: agent ${two.id} has 2 pending requests \\(\\w+, \\w+\\): give a request id, or --all\\n$`));
    const all = await runCli(['permit', 'deny', two.id.slice(0, 6), '--all', '-m', 'not today']);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(await answers[1]).toEqual({ behavior: 'deny', message: 'not today' });
    expect(await answers[2]).toEqual({ behavior: 'deny', message: 'not today' });
    expect(await runCli(['permit', 'allow', one.id.slice(0, 6)])).toMatchObject({ code: 1, stderr: `paseo: agent ${one.id} (one) has no pending request\n` });

    // --always: the daemon builds the rule from the request as shown, scoped to the project, and allows it.
    const next = hook(one.id, 'make deploy');
    await pending(a, 1);
    const always = await runCli(['permit', 'allow', one.id.slice(0, 6), '--always', '--scope', 'project']);
    expect(always.code, always.stderr).toBe(0);
    expect(always.stdout).toMatch(/^allowed \w+ and added the rule .*"cwd":/);
    expect(await next).toEqual({ behavior: 'allow' });
    const rules = (JSON.parse(readFileSync(path.join(home!, 'config.json'), 'utf8')) as { approvals?: { rules?: Array<{ action: string; cwd?: string }> } }).approvals?.rules ?? [];
    expect(rules).toContainEqual(expect.objectContaining({ action: 'allow', cwd: home }));
  });

  it('an agent asking on its own screen is a queue item with its last lines; allowing it types the adapter keys', async () => {
    const { a, b } = await start();
    const rb = recorder(b);
    const agent = await a.createAgent({ provider: 'asky', cwd: home!, title: 'aider-like' });
    const added = (await rb.next((e) => e.kind === 'approval.added', 'the screen ask')) as Extract<ApprovalEvent, { kind: 'approval.added' }>;
    expect(added.approval).toMatchObject({ id: `screen-${agent.id}`, source: 'screen', agentTitle: 'aider-like', tool: 'screen' });
    expect(added.approval.screen!.join('\n')).toContain('Apply edit? (Y)es/(N)o');
    expect((await a.showApproval(added.approval.id)).screen!.join('\n')).toContain('Edit hello.py');
    await a.decideApproval(added.approval.id, { behavior: 'allow' });
    await rb.next((e) => e.kind === 'approval.decided' && e.requestId === added.approval.id, 'the screen ask leaves');
    await until('the answer typed', async () => (await a.readLogs(agent.id)).includes('answered:y'));
    expect(await a.listApprovals()).toEqual([]);
  });

  it('a Codex apply_patch (its recorded hook payload) is summarised by its files and shows the diff of each file against disk', async () => {
    const { a } = await start();
    const agent = await a.createAgent({ provider: 'codexy', cwd: home!, title: 'codex' });
    writeFileSync(path.join(home!, 'app.py'), 'def main():\n    print("hi")\n\nmain()\n');
    const patch = '*** Begin Patch\n*** Update File: app.py\n@@ def main():\n-    print("hi")\n+    print("hello")\n*** Add File: docs/notes.md\n+# Notes\n*** End Patch';
    const payload = { session_id: 's1', turn_id: 't1', cwd: home, hook_event_name: 'PreToolUse', model: 'gpt-5.4', permission_mode: 'default', tool_name: 'apply_patch', tool_input: { command: patch }, tool_use_id: 'call_1' };
    const answer = hook(agent.id, '', 'PreToolUse', payload);
    const [req] = await pending(a, 1);
    expect(req).toMatchObject({ tool: 'apply_patch', summary: 'patch app.py, docs/notes.md', files: ['app.py', 'docs/notes.md'], file: 'app.py' });
    const detail = await a.showApproval(req!.id);
    expect(detail.files).toEqual([
      { path: 'app.py', status: 'modified', hunks: [{ oldStart: 1, oldLines: 4, newStart: 1, newLines: 4, lines: [' def main():', '-    print("hi")', '+    print("hello")', ' ', ' main()'] }] },
      { path: 'docs/notes.md', status: 'added', hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1, lines: ['+# Notes'] }] },
    ]);
    const shown = await runCli(['permit', 'show', req!.id]);
    expect(shown.stdout).toContain('modified: app.py');
    expect(shown.stdout).toMatch(/2\s+-\s+print\("hi"\)/);
    expect(shown.stdout).toMatch(/2\s+\+\s+print\("hello"\)/);
    expect(shown.stdout).toContain('new file: docs/notes.md');
    await a.decideApproval(req!.id, { behavior: 'deny', message: 'no' });
    expect(await answer).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
  });
});
