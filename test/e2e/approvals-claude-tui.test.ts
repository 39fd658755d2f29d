/**
 * The approval queue end to end, as a person would in tmux: the real Claude Code against the fake model server. A
 * scripted `git push origin main` (to a local bare remote) is held; prefix a shows it with its command; n and a typed
 * message deny it; the agent's screen shows the message and the remote's refs did not move. A scripted Edit shows its
 * diff in the detail view and y applies it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../fakes/fake-server.js';
import { cliUserEnv } from '../fixtures/agents/cli-env.js';
import { cliEntry } from '../helpers/paseo-cli.js';
import { agentRig, type AgentRig } from './agent-harness.js';
import { Tmux, tmuxEnv, windowShell } from './helpers/tmux-session.js';

const COLS = 120;
const ROWS = 40;
const W = 'm:0';
const MIN = 60_000;

let rig: AgentRig;
let fake: FakeModelServer;
let tmux: Tmux | undefined;
let userHome: string;
let remote: string;
let agentId: string;

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
const status = (r: string[]) => r[ROWS - 1] ?? '';
const screenText = (r: string[]) => r.join('\n');

beforeAll(async () => {
  fake = await startFakeAnthropic();
  rig = await agentRig();
  await rig.startDaemon();
  await rig.connect();
  // A project whose main is one commit ahead of its (local, bare) origin: a push would move the remote's ref.
  remote = path.join(rig.tmp, 'remote.git');
  git(rig.tmp, 'init', '-q', '--bare', '-b', 'main', remote);
  git(rig.cwd, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(rig.cwd, 'notes.txt'), 'hello there\nline two\n');
  git(rig.cwd, 'add', '.');
  git(rig.cwd, 'commit', '-q', '-m', 'first');
  git(rig.cwd, 'remote', 'add', 'origin', remote);
  git(rig.cwd, 'push', '-q', 'origin', 'main');
  fs.writeFileSync(path.join(rig.cwd, 'more.txt'), 'more\n');
  git(rig.cwd, 'add', '.');
  git(rig.cwd, 'commit', '-q', '-m', 'second');

  userHome = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-claude-user-'));
  const env = cliUserEnv('claude', { home: userHome, cwd: rig.cwd, fakeUrl: fake.url });
  fake.turns.enqueue([{ text: 'Ready.' }]);
  const agent = await rig.client.createAgent({ provider: 'claude/sonnet', cwd: rig.cwd, title: 'pusher', prompt: 'get ready', env, cols: 100, rows: 30 });
  agentId = agent.id;
  await rig.status(agentId, ['idle'], 'idle after its first turn', MIN);

  tmux = new Tmux(tmuxEnv(rig.sandbox));
  tmux.run('new-session', '-d', '-s', 'm', '-x', String(COLS), '-y', String(ROWS), '-c', rig.sandbox.home, windowShell(rig.sandbox));
  await tmux.waitFor(W, 'the window shell prompt', (r) => r.some((l) => l.startsWith('e2e$')));
  tmux.type(W, `node ${cliEntry}`);
  tmux.keys(W, 'Enter');
  await tmux.waitFor(W, 'the TUI with the agent', (r) => status(r).includes('help') && screenText(r).includes('pusher'));
}, 2 * MIN);

afterAll(async () => {
  tmux?.kill();
  await rig?.dispose();
  await fake?.close();
  if (userHome) fs.rmSync(userHome, { recursive: true, force: true });
});

describe('approval queue in the TUI with the real Claude Code', { timeout: 2 * MIN }, () => {
  it('holds git push origin main; prefix a shows it; n with a message denies it; the agent sees the message; the remote did not move', async () => {
    const remoteBefore = git(rig.tmp, '--git-dir', remote, 'rev-parse', 'refs/heads/main');
    fake.turns.enqueue([{ bash: 'git push origin main' }, { text: 'Understood, not pushing.' }]);
    await rig.client.sendText(agentId, 'push the branch');
    await rig.approval((a) => a.agentId === agentId && a.command === 'git push origin main', 'the push held', agentId);
    await tmux!.waitFor(W, 'the loud count', (r) => status(r).includes('1 approval waiting') || status(r).includes('approval: pusher'));

    tmux!.keys(W, 'C-b', 'a');
    await tmux!.waitFor(W, 'the queue with the command', (r) => screenText(r).includes('Approvals (1 pending') && /pusher\s+claude\s+Bash\s+\$ git push origin main/.test(screenText(r)));
    tmux!.keys(W, 'n');
    await tmux!.waitFor(W, 'the message prompt', (r) => status(r).includes('deny with message'));
    tmux!.type(W, 'E2E no pushes to main');
    tmux!.keys(W, 'Enter');
    await tmux!.waitFor(W, 'the queue empty', (r) => screenText(r).includes('Approvals (0 pending'));
    tmux!.keys(W, 'q');

    await rig.until(agentId, async () => /E2E no pushes to main/.test(await rig.screen(agentId)), "the message on the agent's screen");
    await tmux!.waitFor(W, 'the message in its pane', (r) => screenText(r).includes('E2E no pushes to main'));
    await rig.status(agentId, ['idle'], 'idle after the deny', MIN);
    expect(git(rig.tmp, '--git-dir', remote, 'rev-parse', 'refs/heads/main')).toBe(remoteBefore);
    expect(git(rig.cwd, 'rev-parse', 'HEAD')).not.toBe(remoteBefore);

    // The audit log names a person's deny (the TUI's client) for the push, and its chain verifies.
    const audit = await rig.sandbox.run(['audit', '--agent', agentId, '--json']);
    expect(audit.code).toBe(0);
    const lines = (JSON.parse(audit.stdout) as Array<{ summary?: string; outcome?: string; how?: { by: string; client?: { kind: string } } }>).filter((l) => l.summary?.includes('git push origin main') && l.outcome);
    expect(lines.map((l) => [l.outcome, l.how?.by, l.how?.client?.kind])).toEqual([['deny', 'human', 'tui']]);
    expect((await rig.sandbox.run(['audit', '--verify'])).code).toBe(0);
  });

  it('a scripted Edit shows its diff in the detail view; y applies it', async () => {
    const file = path.join(rig.cwd, 'notes.txt');
    fake.turns.enqueue([{ edit: { path: file, old: 'hello', new: 'goodbye' } }, { text: 'Edited.' }]);
    await rig.client.sendText(agentId, 'edit the notes');
    await rig.approval((a) => a.agentId === agentId && a.tool === 'Edit', 'the Edit held', agentId);

    tmux!.keys(W, 'C-b', 'a');
    await tmux!.waitFor(W, 'the Edit in the queue', (r) => /pusher\s+claude\s+Edit\s+edit notes\.txt/.test(screenText(r)));
    tmux!.keys(W, 'Enter');
    const rows = await tmux!.waitFor(W, 'the diff', (r) => (screenText(r).includes('modified: notes.txt') && screenText(r).includes('goodbye there') ? r : undefined));
    // The diff part of the frame: from the file header to its last line (paths and ages elsewhere vary per run).
    const from = rows.findIndex((l) => l.includes('modified: notes.txt'));
    const diff = rows
      .slice(from, from + 5)
      .map((l) => l.slice(l.indexOf('│', l.indexOf('│') + 1) + 1).replace(/│\s*$/, '').trimEnd());
    await expect(diff.join('\n') + '\n').toMatchFileSnapshot('../../snapshots/tui/approval-detail-claude-edit.txt');
    expect(fs.readFileSync(file, 'utf8')).toBe('hello there\nline two\n');

    tmux!.keys(W, 'y');
    await rig.until(agentId, () => fs.readFileSync(file, 'utf8') === 'goodbye there\nline two\n', 'the edit applied');
    await tmux!.waitFor(W, 'back in the empty queue', (r) => screenText(r).includes('Approvals (0 pending'));
    tmux!.keys(W, 'q');
  });
});
