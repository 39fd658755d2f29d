// Worktrees on a fixture repo with a local bare origin: create (PR, branch-off, checkout), list, archive, refusals, setup trust.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeAll, openSupervisor, statusReached, until, type Fixture } from './helpers/supervisor-fixture.js';
import { commitFile, git, makeFixtureRepo, type FixtureRepo } from '../git/fixture-repo.js';

let fx: Fixture;
let repo: FixtureRepo;

beforeEach(async () => {
  fx = await openSupervisor();
  repo = makeFixtureRepo();
});
afterEach(async () => {
  await closeAll();
  repo.dispose();
});


describe('worktrees', () => {
  it('creates from a PR, by branching off, and by checking out; lists them; reuses the same slug', async () => {
    const pr = await fx.sup.createWorktree({ cwd: repo.repo, action: 'pr', prNumber: 503 });
    expect(pr.branchName).toBe('pr-503');
    expect(pr.worktreePath.startsWith(path.join(fx.home, 'worktrees'))).toBe(true);
    expect(fs.readFileSync(path.join(pr.worktreePath, 'pr.txt'), 'utf8')).toBe('from the PR\n');

    const off = await fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'fix/foo', baseBranch: 'main' });
    expect(off).toMatchObject({ branchName: 'fix/foo', slug: 'fix-foo', reused: false });
    expect(git(off.worktreePath, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('fix/foo');

    const co = await fx.sup.createWorktree({ cwd: repo.repo, action: 'checkout', refName: 'feat/bar' });
    expect(fs.existsSync(path.join(co.worktreePath, 'bar.txt'))).toBe(true);

    const again = await fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'fix/foo' });
    expect(again).toMatchObject({ worktreePath: off.worktreePath, reused: true });

    const agent = await fx.sup.createAgent({ provider: 'shell', cwd: off.worktreePath });
    const list = await fx.sup.listWorktrees(repo.repo);
    expect(list.map((w) => w.branchName).sort()).toEqual(['feat/bar', 'fix/foo', 'pr-503']);
    expect(list.find((w) => w.branchName === 'fix/foo')!.agents).toEqual([agent.id]);
    // The main worktree is the user's, not paseo's.
    expect(list.some((w) => w.worktreePath === repo.repo)).toBe(false);
  });

  it('archive stops the agents inside, removes the worktree and its branch', async () => {
    const wt = await fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'fix/clean' });
    const agent = await fx.sup.createAgent({ provider: 'shell', cwd: wt.worktreePath });
    await statusReached(fx.sup, () => agent.id, ['idle']);
    const done = await fx.sup.archiveWorktree({ target: 'fix-clean' });
    expect(done.stoppedAgents).toEqual([agent.id]);
    expect(fs.existsSync(wt.worktreePath)).toBe(false);
    expect(git(repo.repo, 'branch', '--list', 'fix/clean').trim()).toBe('');
    expect((await fx.sup.getAgent(agent.id)).archivedAt).toBeDefined();
  });

  it('refuses to lose uncommitted changes or unpushed commits, naming them; --force archives anyway', async () => {
    const dirty = await fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'dirty' });
    fs.writeFileSync(path.join(dirty.worktreePath, 'notes.txt'), 'work in progress\n');
    await expect(fx.sup.archiveWorktree({ target: 'dirty' })).rejects.toThrow(/uncommitted changes: \?\? notes\.txt/);
    expect(fs.existsSync(dirty.worktreePath)).toBe(true);

    const ahead = await fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'ahead' });
    commitFile(ahead.worktreePath, 'feature.txt', 'x\n', 'unpushed feature commit');
    await expect(fx.sup.archiveWorktree({ target: ahead.worktreePath })).rejects.toThrow(/commits on no remote branch.*unpushed feature commit/);
    expect(fs.existsSync(ahead.worktreePath)).toBe(true);

    // Pushed: nothing is lost any more.
    git(ahead.worktreePath, 'push', '-q', 'origin', 'ahead');
    await fx.sup.archiveWorktree({ target: 'ahead' });
    expect(fs.existsSync(ahead.worktreePath)).toBe(false);

    await fx.sup.archiveWorktree({ target: 'dirty', force: true });
    expect(fs.existsSync(dirty.worktreePath)).toBe(false);
    expect(git(repo.repo, 'branch', '--list', 'dirty').trim()).toBe('');
  });

  it('never touches a worktree outside its root', async () => {
    const outside = path.join(repo.dir, 'my-own-worktree');
    git(repo.repo, 'worktree', 'add', '-q', '-b', 'mine', outside);
    await expect(fx.sup.archiveWorktree({ target: outside, force: true })).rejects.toThrow(/not one of paseo's worktrees/);
    await expect(fx.sup.archiveWorktree({ target: repo.repo, force: true })).rejects.toThrow(/not one of paseo's worktrees/);
    await expect(fx.sup.archiveWorktree({ target: 'mine', force: true })).rejects.toThrow(/no paseo worktree "mine"/);
    expect(fs.existsSync(outside)).toBe(true);
    expect(git(repo.repo, 'branch', '--list', 'mine').trim()).not.toBe('');
  });

  it('holds .paseo.json setup in the approval queue until trusted, runs it with output shown, asks again when it changes', async () => {
    commitFile(repo.repo, '.paseo.json', JSON.stringify({ worktree: { setup: ['echo set up in $PASEO_BRANCH_NAME > setup.txt', 'echo done'] } }), 'setup');
    const first = fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'one' });
    const ask = await until('the setup request', async () => (await fx.sup.listApprovals()).find((a) => a.tool === 'worktree.setup'));
    expect(ask.command).toBe('echo set up in $PASEO_BRANCH_NAME > setup.txt\necho done');
    const dir = path.join(fx.home, 'worktrees');
    expect(fs.readdirSync(dir).some((h) => fs.existsSync(path.join(dir, h, 'one', 'setup.txt')))).toBe(false);
    await fx.sup.decideApproval(ask.id, { behavior: 'allow' });
    const one = await first;
    expect(one.setup).toMatchObject({ status: 'ran', results: [{ exitCode: 0 }, { exitCode: 0, output: 'done\n' }] });
    expect(fs.readFileSync(path.join(one.worktreePath, 'setup.txt'), 'utf8')).toBe('set up in one\n');

    // The same content is trusted now: no request.
    const two = await fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'two' });
    expect(two.setup?.status).toBe('ran');

    // Changed content asks again; denied, it does not run.
    commitFile(repo.repo, '.paseo.json', JSON.stringify({ worktree: { setup: ['exit 3'] } }), 'setup changed');
    const third = fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'three' });
    const ask2 = await until('the second setup request', async () => (await fx.sup.listApprovals()).find((a) => a.tool === 'worktree.setup'));
    expect(ask2.command).toBe('exit 3');
    await fx.sup.decideApproval(ask2.id, { behavior: 'deny', message: 'no thanks' });
    expect((await third).setup).toMatchObject({ status: 'denied', results: [] });

    // A failing command's exit code is reported, not swallowed.
    const fourth = fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'four' });
    const ask3 = await until('the third setup request', async () => (await fx.sup.listApprovals()).find((a) => a.tool === 'worktree.setup'));
    await fx.sup.decideApproval(ask3.id, { behavior: 'allow' });
    expect((await fourth).setup).toMatchObject({ status: 'ran', results: [{ command: 'exit 3', exitCode: 3 }] });
  });

  it('archive runs the trusted teardown before removing the worktree, its output kept', async () => {
    const marker = path.join(repo.dir, 'teardown-ran.txt');
    commitFile(repo.repo, '.paseo.json', JSON.stringify({ worktree: { setup: [], teardown: [`echo "torn down $PASEO_BRANCH_NAME" | tee ${marker}`] } }), 'teardown');
    const wt = await fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'td' });
    const archiving = fx.sup.archiveWorktree({ target: 'td' });
    const ask = await until('the teardown request', async () => (await fx.sup.listApprovals()).find((a) => a.tool === 'worktree.setup'));
    expect(ask.command).toContain('torn down');
    await fx.sup.decideApproval(ask.id, { behavior: 'allow' });
    const done = await archiving;
    expect(done.teardown).toMatchObject({ status: 'ran', results: [{ exitCode: 0, output: 'torn down td\n' }] });
    expect(fs.readFileSync(marker, 'utf8')).toBe('torn down td\n');
    expect(fs.existsSync(wt.worktreePath)).toBe(false);
  });

  it('says what is wrong with a bad request', async () => {
    await expect(fx.sup.createWorktree({ cwd: repo.repo, action: 'checkout', refName: 'no-such-branch' })).rejects.toThrow(/"no-such-branch" is not a branch/);
    await expect(fx.sup.createWorktree({ cwd: repo.repo, action: 'branch-off', branchName: 'x', baseBranch: 'nope' })).rejects.toThrow(/base "nope"/);
    await expect(fx.sup.createWorktree({ cwd: repo.repo, action: 'pr', prNumber: 999 })).rejects.toThrow(/refs\/pull\/999\/head/);
    await expect(fx.sup.listWorktrees(repo.dir)).rejects.toThrow(`not a git repository: ${repo.dir}`);
  });

  it('never moves a local branch of the PR\'s name that has its own commits', async () => {
    git(repo.repo, 'checkout', '-q', '-b', 'pr-503');
    commitFile(repo.repo, 'mine.txt', 'mine\n', 'my own pr-503 work');
    git(repo.repo, 'checkout', '-q', 'main');
    await expect(fx.sup.createWorktree({ cwd: repo.repo, action: 'pr', prNumber: 503 })).rejects.toThrow(/rejected|non-fast-forward/);
    expect(git(repo.repo, 'log', '-1', '--format=%s', 'pr-503').trim()).toBe('my own pr-503 work');
  });
});
