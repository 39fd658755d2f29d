// The CLI tells a failed shell command from a passing one: exit code 6, ls shows the last status and the attention.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox } from '../helpers/paseo-cli.js';

let sb: PaseoSandbox;
beforeEach(async () => {
  sb = await PaseoSandbox.create();
});
afterEach(async () => {
  await sb.dispose();
});

describe('paseo run with the shell provider', () => {
  it('exits 6 when the command failed, 0 when it passed; ls shows the last status', async () => {
    const failed = await sb.run(['run', '--provider', 'shell', '-t', 'failing', 'ls /nonexistent-paseo; false']);
    expect(failed.stdout).toContain('the command failed (exit 1)');
    expect(failed.code).toBe(6);
    const passed = await sb.run(['run', '--provider', 'shell', '-t', 'passing', 'ls / >/dev/null']);
    expect(passed.code).toBe(0);
    const ls = (await sb.run(['ls'])).stdout.split('\n');
    expect(ls.find((l) => l.includes('failing'))).toContain('idle (last exit 1) !error');
    const passing = ls.find((l) => l.includes('passing'));
    expect(passing).toContain('idle (last exit 0)');
    expect(passing).not.toContain('!');
    const json = JSON.parse((await sb.run(['ls', '--json'])).stdout) as Array<{ title: string; lastExitCode?: number; attention?: string }>;
    expect(json.find((a) => a.title === 'failing')).toMatchObject({ lastExitCode: 1, attention: 'error' });
  });

  it('a command agent runs while it lives: wait times out on a redrawing program; --quiet returns once output stops', async () => {
    const ticking = await sb.run(['run', '-d', '-t', 'ticking', '--command', 'while :; do date +%N; sleep 0.3; done']);
    const tickingId = ticking.stdout.trim();
    // Not idle between redraws: plain wait has nothing to return until it exits.
    expect((await sb.run(['wait', tickingId, '--timeout', '1500ms'])).code).toBe(5);
    expect((await sb.run(['wait', tickingId, '--quiet', '1s', '--timeout', '2s'])).code).toBe(5);
    const silent = await sb.run(['run', '-d', '-t', 'silent', '--command', 'echo started; sleep 600']);
    const silentId = silent.stdout.trim();
    const quiet = await sb.run(['wait', silentId, '--quiet', '500ms', '--timeout', '20s']);
    expect(quiet.stdout.trim()).toBe(`${silentId}: quiet`);
    expect(quiet.code).toBe(0);
    const ls = (await sb.run(['ls'])).stdout.split('\n');
    expect(ls.find((l) => l.includes('silent'))).toMatch(/\brunning\b/);
    expect(ls.find((l) => l.includes('ticking'))).toMatch(/\brunning\b/);
  });
});

