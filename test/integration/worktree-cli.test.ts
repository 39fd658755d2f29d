// `paseo worktree create|ls|archive` and `paseo run --worktree` through the built CLI and a real daemon.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaseoSandbox, until } from '../helpers/paseo-cli.js';
import { commitFile, makeFixtureRepo, type FixtureRepo } from '../git/fixture-repo.js';

let sb: PaseoSandbox;
let repo: FixtureRepo;

beforeAll(async () => {
  sb = await PaseoSandbox.create();
  repo = makeFixtureRepo();
  const r = await sb.run(['daemon', 'start']);
  expect(r.code).toBe(0);
}, 60_000);
afterAll(async () => {
  await sb.dispose();
  repo.dispose();
});

describe('paseo worktree', () => {
  it('creates by branch, PR and checkout with --json; ls lists them with the agents inside', async () => {
    const off = await sb.run(['--json', 'worktree', 'create', 'fix/foo', '--base', 'main', '--cwd', repo.repo]);
    expect(off.code, off.stderr).toBe(0);
    const created = JSON.parse(off.stdout) as { branchName: string; worktreePath: string };
    expect(created.branchName).toBe('fix/foo');
    expect(created.worktreePath.startsWith(path.join(sb.home, 'worktrees'))).toBe(true);
    const pr = JSON.parse((await sb.run(['--json', 'worktree', 'create', '--pr', '503', '--cwd', repo.repo])).stdout) as { branchName: string; worktreePath: string };
    expect(pr.branchName).toBe('pr-503');
    expect(fs.existsSync(path.join(pr.worktreePath, 'pr.txt'))).toBe(true);
    const co = await sb.run(['worktree', 'create', '--checkout', 'feat/bar', '--cwd', repo.repo]);
    expect(co.stdout).toMatch(/^created .*feat-bar \(feat\/bar\)\n$/);

    const run = await sb.run(['--json', 'run', '--worktree', 'fix/foo', '--cwd', repo.repo, '-d', 'echo in-worktree']);
    expect(run.code, run.stderr).toBe(0);
    const { agentId } = JSON.parse(run.stdout) as { agentId: string };
    const ls = JSON.parse((await sb.run(['--json', 'worktree', 'ls', '--cwd', repo.repo])).stdout) as Array<{ branchName: string; agents: string[] }>;
    expect(ls.map((w) => w.branchName).sort()).toEqual(['feat/bar', 'fix/foo', 'pr-503']);
    expect(ls.find((w) => w.branchName === 'fix/foo')!.agents).toEqual([agentId]);
    const human = await sb.run(['worktree', 'ls', '--cwd', repo.repo]);
    expect(human.stdout).toMatch(new RegExp(`fix-foo  fix/foo  agents: ${agentId}  clean`));
    // By branch name (a slash, but no such path here), stopping the agent inside.
    const archived = await sb.run(['--json', 'worktree', 'archive', 'fix/foo']);
    expect(archived.code, archived.stderr).toBe(0);
    expect(JSON.parse(archived.stdout)).toMatchObject({ branchName: 'fix/foo', stoppedAgents: [agentId] });
    expect(fs.existsSync(created.worktreePath)).toBe(false);
  }, 60_000);

  it('archive refuses, in one line, to lose uncommitted work; --force archives', async () => {
    const wt = JSON.parse((await sb.run(['--json', 'worktree', 'create', 'wip', '--cwd', repo.repo])).stdout) as { worktreePath: string };
    fs.writeFileSync(path.join(wt.worktreePath, 'draft.txt'), 'draft\n');
    const refused = await sb.run(['worktree', 'archive', 'wip']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/^paseo: archiving .*wip would lose uncommitted changes: \?\? draft\.txt \(use --force to archive anyway\)\n$/);
    expect(fs.existsSync(wt.worktreePath)).toBe(true);
    const forced = await sb.run(['worktree', 'archive', 'wip', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/archived .*wip \(branch wip deleted\)/);
    expect(fs.existsSync(wt.worktreePath)).toBe(false);
  }, 60_000);

  it('runs .paseo.json setup once allowed in the approval queue, showing each command, its output and exit code', async () => {
    commitFile(repo.repo, '.paseo.json', JSON.stringify({ worktree: { setup: ['echo hello from setup'] } }), 'add setup');
    const pending = sb.run(['worktree', 'create', 'with-setup', '--cwd', repo.repo], { timeoutMs: 60_000 });
    const ask = await until(async () => {
      const list = JSON.parse((await sb.run(['--json', 'permit', 'ls'])).stdout) as Array<{ id: string; tool: string; command?: string }>;
      return list.find((a) => a.tool === 'worktree.setup');
    }, 'the setup request', 30_000);
    expect(ask.command).toBe('echo hello from setup');
    const allowed = await sb.run(['permit', 'allow', ask.id]);
    expect(allowed.code, allowed.stderr).toBe(0);
    const done = await pending;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('setup$ echo hello from setup\nhello from setup\nsetup: exit 0\n');
  }, 90_000);

  it('usage errors exit 2', async () => {
    const none = await sb.run(['worktree', 'create', '--cwd', repo.repo]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^paseo: give one of: a new branch name, --checkout <ref>, --pr <N>\n/);
    const badPr = await sb.run(['worktree', 'create', '--pr', 'abc', '--cwd', repo.repo]);
    expect(badPr.code).toBe(2);
  });
});
