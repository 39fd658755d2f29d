// The daemon side of diffs: agents record where their repository stood when created, agent.diff answers through the
// supervisor, and change waits poll git only while someone waits, answering once a change held still.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../src/core/agent.js';
import { GitError } from '../../src/core/errors.js';
import { AgentDiffs } from '../../src/supervisor/diffs/agent-diffs.js';
import { applyAgentWork, initFixtureRepo, makeFixtureRepo, write, type FixtureRepo } from '../git/diff-fixture.js';
import { closeAll, openSupervisor, until } from './helpers/supervisor-fixture.js';

const repos: FixtureRepo[] = [];
afterEach(async () => {
  await closeAll();
  for (const r of repos.splice(0)) r.cleanup();
});

function agentIn(dir: string): AgentRecord {
  return { id: 'a1', title: 't', provider: 'shell', mode: 'default', cwd: dir, status: 'running', cols: 80, rows: 24, createdAt: '', updatedAt: '' };
}

function pollerCount(diffs: AgentDiffs): number {
  return (diffs as unknown as { pollers: Map<string, unknown> }).pollers.size;
}

describe('agent creation records gitStart', () => {
  it('the branch and commit of its cwd, and agent.diff against the base uses them', async () => {
    const repo = initFixtureRepo();
    repos.push(repo);
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ provider: 'shell', cwd: repo.dir });
    expect(agent.gitStart).toEqual({ branch: 'main', head: repo.start.head });
    applyAgentWork(repo.dir);
    const base = await sup.agentDiff(agent.id, { base: true });
    expect(base.against).toBe(`merge-base of HEAD and main (${repo.start.head.slice(0, 7)})`);
    expect(base.files.map((f) => f.path)).toContain('feature.ts');
    expect((await sup.agentDiff(agent.id)).files.map((f) => f.path)).not.toContain('feature.ts');
  });

  it('nothing outside a repository; agent.diff then says so in one line', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-norepo-')));
    try {
      const { sup } = await openSupervisor();
      const agent = await sup.createAgent({ provider: 'shell', cwd: dir });
      expect(agent.gitStart).toBeUndefined();
      const err = await sup.agentDiff(agent.id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitError);
      expect((err as GitError).message).toBe(`not a git repository: ${dir}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('change waits', () => {
  it('answer with the new fingerprint once a change held still, and poll only while someone waits', async () => {
    const repo = makeFixtureRepo();
    repos.push(repo);
    const diffs = new AgentDiffs(() => agentIn(repo.dir), { pollIntervalMs: 20 });
    try {
      const before = (await diffs.diff('a1')).fingerprint;
      expect(pollerCount(diffs)).toBe(0);
      const waiting = diffs.waitChange('a1', before, 10_000);
      expect(pollerCount(diffs)).toBe(1);
      write(repo.dir, 'notes.md', 'changed while watched\n');
      const r = await waiting;
      expect(r.changed).toBe(true);
      expect(r.fingerprint).not.toBe(before);
      expect(r.fingerprint).toBe((await diffs.diff('a1')).fingerprint);
      expect(pollerCount(diffs)).toBe(0);
    } finally {
      diffs.dispose();
    }
  });

  it('a stale fingerprint is answered at once; an unchanged repository at the timeout', async () => {
    const repo = makeFixtureRepo();
    repos.push(repo);
    const diffs = new AgentDiffs(() => agentIn(repo.dir), { pollIntervalMs: 20 });
    try {
      const now = (await diffs.diff('a1')).fingerprint;
      expect(await diffs.waitChange('a1', 'stale', 10_000)).toEqual({ changed: true, fingerprint: now });
      expect(await diffs.waitChange('a1', now, 150)).toEqual({ changed: false, fingerprint: now });
      // Nobody waits: the poll under way is the last one.
      await until('polling stopped', () => pollerCount(diffs) === 0);
    } finally {
      diffs.dispose();
    }
  });

  it('a repository that goes away rejects the wait with a GitError', async () => {
    const repo = makeFixtureRepo();
    repos.push(repo);
    const diffs = new AgentDiffs(() => agentIn(repo.dir), { pollIntervalMs: 20 });
    try {
      const fp = (await diffs.diff('a1')).fingerprint;
      fs.rmSync(path.join(repo.dir, '.git'), { recursive: true, force: true });
      const err = await diffs.waitChange('a1', fp, 10_000).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GitError);
      expect(pollerCount(diffs)).toBe(0);
    } finally {
      diffs.dispose();
    }
  });
});
