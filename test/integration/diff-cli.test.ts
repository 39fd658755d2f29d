// `paseo diff` through the built CLI against a real daemon, for a shell agent in a fixture repository.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox } from '../helpers/paseo-cli.js';
import { applyAgentWork, initFixtureRepo, type FixtureRepo } from '../git/diff-fixture.js';

let sb: PaseoSandbox;
let repo: FixtureRepo;
beforeEach(async () => {
  sb = await PaseoSandbox.create();
  repo = initFixtureRepo();
});
afterEach(async () => {
  await sb.dispose();
  repo.cleanup();
});

async function shellAgentIn(dir: string): Promise<string> {
  const created = await sb.run(['run', '-d', '--provider', 'shell', '-t', 'diffs', '--cwd', dir]);
  expect(created.code).toBe(0);
  return created.stdout.trim();
}

describe('paseo diff', () => {
  it('--stat, the full diff, --json and --base (the agent started on main; its commit shows only against the base)', async () => {
    const id = await shellAgentIn(repo.dir);
    applyAgentWork(repo.dir);

    const stat = await sb.run(['diff', id, '--stat']);
    expect(stat.code).toBe(0);
    const lines = stat.stdout.split('\n');
    expect(lines[0]).toBe(`${repo.dir}: against HEAD`);
    expect(lines.slice(1, 7).map((l) => l.trim().replace(/\s+/g, ' '))).toEqual([
      'A added.ts +1 -0',
      'D doomed.txt +0 -2',
      'B logo.bin binary',
      'R old-name.txt → new-name.txt +0 -0',
      '? notes.md +2 -0',
      'M src/app.ts +2 -1',
    ]);
    expect(lines[7]).toBe('6 files changed, 5 insertions(+), 3 deletions(-)');
    expect(stat.stdout).not.toContain('node_modules');
    expect(stat.stdout).not.toContain('feature.ts');

    const full = await sb.run(['diff', id]);
    expect(full.code).toBe(0);
    expect(full.stdout).toContain('@@ -1,6 +1,6 @@');
    expect(full.stdout).toContain('-export const line3 = 3;\n+export const line3 = 33;');
    expect(full.stdout).toContain('+untracked notes');
    expect(full.stdout).toContain('binary file, not shown');

    const json = JSON.parse((await sb.run(['diff', id, '--json'])).stdout) as { mode: string; totalFiles: number; files: Array<{ path: string; status: string; hunks?: unknown[] }> };
    expect(json.mode).toBe('head');
    expect(json.totalFiles).toBe(6);
    expect(json.files.find((f) => f.path === 'src/app.ts')?.hunks).toHaveLength(2);
    const statJson = JSON.parse((await sb.run(['diff', id, '--stat', '--json'])).stdout) as { files: Array<{ path: string; status: string; hunks?: unknown }> };
    expect(statJson.files.map((f) => `${f.status} ${f.path}`)).toContain('renamed new-name.txt');
    expect(statJson.files.every((f) => f.hunks === undefined)).toBe(true);

    const base = await sb.run(['diff', id, '--stat', '--base']);
    expect(base.code).toBe(0);
    expect(base.stdout.split('\n')[0]).toMatch(/: against merge-base of HEAD and main \([0-9a-f]{7}\)$/);
    expect(base.stdout).toMatch(/A feature\.ts\s+\+3 -0/);
    const baseJson = JSON.parse((await sb.run(['diff', id, '--base', '--stat', '--json'])).stdout) as { mode: string; files: Array<{ path: string }> };
    expect(baseJson.mode).toBe('base');
    expect(baseJson.files.map((f) => f.path)).toContain('feature.ts');
  }, 60_000);

  it('an agent outside a git repository: one line, not a stack', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-norepo-')));
    try {
      const id = await shellAgentIn(dir);
      const r = await sb.run(['diff', id]);
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim()).toBe(`paseo: not a git repository: ${dir}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
