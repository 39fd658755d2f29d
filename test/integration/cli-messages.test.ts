// The CLI's messages and exit codes (issue 10): usage errors exit 2, stop/archive take several agents, a failed start
// leaves nothing behind, provider ls needs no daemon, and `daemon …` says what it did (and never signals an embedded
// paseo). The built CLI against a temp home and an ephemeral port.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry, isAlive, repoRoot, until } from '../helpers/paseo-cli.js';
import { readPidFile } from '../../src/daemon/pid-lock.js';

let sb: PaseoSandbox;
const children: ChildProcess[] = [];
beforeEach(async () => {
  sb = await PaseoSandbox.create();
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await sb.dispose();
});

async function ids(args: string[]): Promise<string[]> {
  const r = await sb.run([...args, '--json']);
  return (JSON.parse(r.stdout) as Array<{ id: string }>).map((a) => a.id);
}

async function detached(args: string[]): Promise<string> {
  const r = await sb.run(['run', '-d', ...args]);
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

describe('usage errors exit 2', () => {
  it('an unknown command, bad option values and a missing selection are usage errors (no daemon needed)', async () => {
    const foo = await sb.run(['foo']);
    expect(foo.code).toBe(2);
    expect(foo.stderr.split('\n')[0]).toMatch(/^paseo: unknown command 'foo'( \(did you mean \w+\?\))?$/);
    expect((await sb.run(['lss'])).stderr.split('\n')[0]).toBe("paseo: unknown command 'lss' (did you mean ls?)");
    const json = await sb.run(['--json', 'foo']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr)).toEqual({ error: { code: 'bad_request', message: expect.stringMatching(/^unknown command 'foo'/) } });
    for (const [args, message] of [
      [['wait', 'x', '--timeout', 'abc'], 'paseo: invalid --timeout "abc" (use seconds, or 500ms, 30s, 5m, 1h)'],
      [['logs', 'x', '--tail', '-5'], 'paseo: invalid --tail "-5" (expected a whole number, 0 or more)'],
      [['run', '-d', '--mode', 'bogus'], 'paseo: unknown mode "bogus" (one of: default, accept-edits, plan, full-access)'],
      [['ls', '--status', 'asleep'], 'paseo: unknown status "asleep" (one of: starting, running, idle, waiting, exited, error)'],
      [['stop'], 'paseo: stop: give one or more agent ids (or titles), or --all'],
      [['archive', 'a1', '--status', 'exited'], 'paseo: archive: --cwd, --status and --since go with --all'],
      [['stop', '--all', 'a1'], 'paseo: stop: give agent ids or --all, not both'],
    ] as const) {
      const r = await sb.run([...args]);
      expect({ args, code: r.code, stderr: r.stderr.trim() }).toEqual({ args, code: 2, stderr: message });
    }
    expect(sb.daemonPid()).toBeUndefined();
  }, 60_000);

  it('a start the daemon refuses (a mode the provider lacks, no such cwd or command) exits 2 and leaves no record', async () => {
    const plan = await sb.run(['run', '-d', '--provider', 'shell', '--mode', 'plan']);
    expect(plan).toMatchObject({ code: 2, stderr: 'paseo: provider "shell" has no mode "plan" (its modes: default)\n' });
    const missing = path.join(sb.home, 'no-such-dir');
    expect(await sb.run(['run', '-d', '--cwd', missing])).toMatchObject({ code: 2, stderr: `paseo: cwd ${missing} does not exist\n` });
    const file = path.join(repoRoot, 'package.json');
    expect(await sb.run(['run', '-d', '--cwd', file])).toMatchObject({ code: 2, stderr: `paseo: cwd ${file} is not a directory\n` });
    expect(await sb.run(['run', '-d', '--command', 'paseo-no-such-program'])).toMatchObject({
      code: 2,
      stderr: 'paseo: command not found: paseo-no-such-program\n',
    });
    expect(await ids(['ls', '--all'])).toEqual([]);
  }, 60_000);
});

describe('stop and archive', () => {
  it('take several ids, exact titles, or --all with the filters of ls', async () => {
    const alpha = await detached(['--provider', 'shell', '--title', 'alpha']);
    const beta = await detached(['--provider', 'shell', '--title', 'beta']);
    const done1 = await detached(['--command', 'true']);
    const done2 = await detached(['--command', 'true']);
    expect((await sb.run(['wait', done1, '--timeout', '20'])).code).toBe(4);
    expect((await sb.run(['wait', done2, '--timeout', '20'])).code).toBe(4);

    // --all --status exited: only the two that exited.
    const archived = await sb.run(['archive', '--all', '--status', 'exited']);
    expect(archived.code).toBe(0);
    expect(archived.stdout.trim().split('\n').sort()).toEqual([`archived ${done1}`, `archived ${done2}`].sort());
    expect((await ids(['ls'])).sort()).toEqual([alpha, beta].sort());

    // Two at once, by title and by id prefix.
    const stopped = await sb.run(['stop', 'alpha', beta.slice(0, 6)]);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(new RegExp(`^stopped ${alpha}: exited.*\\nstopped ${beta}: exited`));

    // A title two agents share names them both and stops neither.
    const dup1 = await detached(['--provider', 'shell', '--title', 'twin']);
    const dup2 = await detached(['--provider', 'shell', '--title', 'twin']);
    const ambiguous = await sb.run(['stop', 'twin']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toBe(`paseo: title "twin" names 2 agents: ${dup1}, ${dup2}\n`);
    // One unknown name among several: nothing is stopped.
    expect((await sb.run(['stop', dup1, 'no-such-agent'])).code).toBe(1);
    expect(await ids(['ls', '--status', 'exited'])).not.toContain(dup1);

    // --all stops every agent that runs, and --json lists them.
    const all = await sb.run(['stop', '--all', '--json']);
    expect(all.code).toBe(0);
    expect((JSON.parse(all.stdout) as Array<{ id: string; status: string }>).map((a) => [a.id, a.status]).sort()).toEqual(
      [[dup1, 'exited'], [dup2, 'exited']].sort(),
    );
  }, 120_000);
});

describe('provider ls', () => {
  it('works without a daemon and says which CLIs are only paseo\'s own development copies', async () => {
    const r = await sb.run(['provider', 'ls', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<{ name: string; installed: boolean; binary?: string; devCopy?: boolean }>;
    expect(list.find((p) => p.name === 'shell')).toMatchObject({ installed: true, supportsResume: false });
    const devDir = path.join(repoRoot, 'node_modules') + path.sep;
    for (const p of list) expect({ name: p.name, devCopy: !!p.devCopy }).toEqual({ name: p.name, devCopy: !!p.binary?.startsWith(devDir) });
    // The human listing probes again (a slow --version can fail under load): every dev copy it finds installed says so.
    const human = await sb.run(['provider', 'ls']);
    const dev = new Set(list.filter((p) => p.devCopy).map((p) => p.name));
    const installedLines = human.stdout.split('\n').filter((l) => /^\S+ .* installed/.test(l) && !/ not installed/.test(l));
    const devLines = installedLines.filter((l) => dev.has(l.split(' ')[0]!));
    for (const line of devLines) expect(line).toMatch(/ installed \(paseo's dev copy\) /);
    for (const line of installedLines.filter((l) => !devLines.includes(l))) expect(line).not.toContain('dev copy');
    expect(sb.daemonPid()).toBeUndefined();
  }, 60_000);
});

describe('daemon messages', () => {
  it('start when running exits 0; status counts as ls does; restart names the agents it ends; stop counts live agents', async () => {
    const live = await detached(['--provider', 'shell']);
    const exited = await detached(['--command', 'true']);
    const archived = await detached(['--command', 'true']);
    expect((await sb.run(['wait', exited, '--timeout', '20'])).code).toBe(4);
    expect((await sb.run(['wait', archived, '--timeout', '20'])).code).toBe(4);
    expect((await sb.run(['archive', archived])).code).toBe(0);
    const pid = sb.daemonPid()!;

    const again = await sb.run(['daemon', 'start']);
    expect(again).toMatchObject({ code: 0, stdout: `daemon already running (pid ${pid}) on ${sb.listen}\n` });

    // One count for everyone: the agents ls lists (the TUI lists the same), archived apart.
    const listed = await ids(['ls']);
    const status = JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as { agents: Record<string, number> };
    expect(status.agents).toMatchObject({ total: listed.length, live: 1, archived: 1, exited: 1 });
    expect((await sb.run(['daemon', 'status'])).stdout).toMatch(/\n2 agents: 1 (idle|starting|running) 1 exited; 1 archived\n$/);

    const restart = await sb.run(['daemon', 'restart']);
    expect(restart.code).toBe(0);
    expect(restart.stderr).toBe(`paseo: restarting ends 1 agent that cannot resume (shell): ${live}\n`);
    const newPid = sb.daemonPid()!;
    expect(newPid).not.toBe(pid);
    expect(restart.stdout).toBe(`daemon restarted (pid ${newPid}) on ${sb.listen}\n`);

    // Three exited or archived agents and one running: one agent stopped.
    await detached(['--provider', 'shell']);
    const stop = await sb.run(['daemon', 'stop']);
    expect(stop).toMatchObject({ code: 0, stdout: `daemon stopped (pid ${newPid}); 1 agent stopped with it\n` });
  }, 120_000);

  it('on a terminal, restart asks before ending agents; "n" leaves the daemon and its agents running', async () => {
    const live = await detached(['--provider', 'shell']);
    const pid = sb.daemonPid()!;
    // script(1) gives the CLI a terminal as stdin, as a user's shell would.
    const cmd = `'${process.execPath}' '${cliEntry}' daemon restart`;
    const tty = spawn('script', ['-qec', cmd, '/dev/null'], { env: sb.env, cwd: sb.home, stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(tty);
    let out = '';
    tty.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number>((resolve) => tty.on('exit', (code) => resolve(code ?? -1)));
    await until(() => out.includes('restart anyway? [y/N]'), 'the question');
    expect(out).toContain(`paseo: restarting ends 1 agent that cannot resume (shell): ${live}`);
    tty.stdin.write('n\r');
    expect(await exited).toBe(1);
    expect(out).toContain('daemon not restarted');
    expect(sb.daemonPid()).toBe(pid);
    expect((await ids(['ls', '--status', 'starting,running,idle,waiting']))).toEqual([live]);
  }, 60_000);

  it('on a home an embedded paseo holds, daemon stop/status/start say so and signal nothing', async () => {
    // A real `paseo --embedded`, blocked waiting on its agent: it holds the home's lock.
    const embedded = spawn(process.execPath, [cliEntry, '--embedded', 'run', '--command', 'sleep 60'], { env: sb.env, cwd: sb.home, stdio: 'ignore' });
    children.push(embedded);
    const pidFile = path.join(sb.home, 'paseo.pid');
    await until(() => readPidFile(pidFile)?.role === 'embedded', 'the embedded lock');
    const pid = embedded.pid!;
    expect(readPidFile(pidFile)?.pid).toBe(pid);
    const held = `${sb.home} is held by an embedded paseo (pid ${pid}); quit it there`;

    expect(await sb.run(['daemon', 'stop'])).toMatchObject({ code: 1, stderr: `paseo: ${held}\n` });
    expect(await sb.run(['daemon', 'status'])).toMatchObject({ code: 1, stdout: `no daemon: ${held}\n` });
    expect(await sb.run(['daemon', 'start'])).toMatchObject({ code: 1, stderr: `paseo: ${held}\n` });
    expect(await sb.run(['daemon', 'restart'])).toMatchObject({ code: 1, stderr: `paseo: ${held}\n` });
    expect(isAlive(pid)).toBe(true);
    expect(embedded.exitCode).toBeNull();
  }, 60_000);
});
