// The CLI against a real daemon: temp home, ephemeral loopback port, real PTYs running bash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, isAlive, until } from '../helpers/paseo-cli.js';

let sb: PaseoSandbox;
beforeEach(async () => {
  sb = await PaseoSandbox.create();
});
afterEach(async () => {
  await sb.dispose();
});

function marker(name: string): string {
  return `${name}-${Math.random().toString(36).slice(2, 8)}`;
}

describe('paseo CLI with a daemon', () => {
  it('says clearly when no daemon runs, and daemon status exits 1', async () => {
    const ls = await sb.run(['ls']);
    expect(ls.code).toBe(1);
    expect(ls.stderr.trim()).toBe('paseo: daemon not running (start it with: paseo daemon start)');
    const status = await sb.run(['daemon', 'status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('daemon not running');
  });

  it('daemon status on a daemon started on port 0 says the port it got, not the :0 it was asked for', async () => {
    const start = await sb.run(['daemon', 'start', '--listen', '127.0.0.1:0']);
    expect(start.code, start.stderr).toBe(0);
    const status = await sb.run(['daemon', 'status', '--listen', '127.0.0.1:0']);
    expect(status.code, status.stderr).toBe(0);
    const listen = /^listen (\S+),/m.exec(status.stdout)?.[1];
    expect(listen, status.stdout).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(listen).not.toBe('127.0.0.1:0');
  });

  it('run -d starts the daemon detached, prints the id, and logs shows the output', async () => {
    const m = marker('hello');
    const run = await sb.run(['run', '--provider', 'shell', '-d', `echo ${m}`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^[a-z0-9-]+$/);
    expect(sb.daemonPid()).toBeGreaterThan(0);
    const logs = await until(async () => {
      const r = await sb.run(['logs', id]);
      return r.stdout.split('\n').some((l) => l.trim() === m) ? r : undefined;
    }, 'marker in logs');
    expect(logs.code).toBe(0);
    const json = await sb.run(['run', '--json', '--provider', 'shell', '-d', 'true']);
    expect(JSON.parse(json.stdout)).toEqual({ agentId: expect.any(String) });
    // The details (pid, home) are only for a caller with the token.
    const auth = { headers: { authorization: `Bearer ${sb.token()}` } };
    expect(await (await fetch(`http://${sb.listen}/api/health`)).json()).toEqual({ status: 'ok', version: expect.any(String) });
    const health = (await (await fetch(`http://${sb.listen}/api/health`, auth)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', pid: sb.daemonPid(), agents: { total: 2 } });
    // `daemon status` presents the home's token, so it still shows them.
    const status = JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ running: true, pid: sb.daemonPid(), home: sb.home });
  });

  it('run without -d blocks until the agent is idle and prints its last screen', async () => {
    const m = marker('blocking');
    const run = await sb.run(['run', '--provider', 'shell', `sleep 0.5; echo ${m}`]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').some((l) => l.trim() === m)).toBe(true);
  });

  it('runs any command, waits with exit codes, sends text, stops and archives', async () => {
    const cmd = await sb.run(['run', '-d', '--command', 'echo from-command; sleep 0.3']);
    const cmdId = cmd.stdout.trim();
    const waited = await sb.run(['wait', cmdId, '--timeout', '20']);
    expect(waited.code).toBe(4); // exited
    const list = JSON.parse((await sb.run(['ls', '--json'])).stdout) as Array<{ id: string; provider: string; status: string; exitCode?: number }>;
    expect(list.find((a) => a.id === cmdId)).toMatchObject({ provider: 'command', status: 'exited', exitCode: 0 });

    const shell = (await sb.run(['run', '-d', '--provider', 'shell', '--title', 'work'])).stdout.trim();
    const timeout = await sb.run(['send', shell, 'sleep 5', '--timeout', '500ms']);
    expect(timeout.code).toBe(5);
    const m = marker('sent');
    const sent = await sb.run(['send', shell, `echo ${m}`, '--timeout', '20']);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain(m);

    const stopped = await sb.run(['stop', shell.slice(0, 8)]);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('stopped');
    const archived = await sb.run(['archive', shell]);
    expect(archived.code).toBe(0);
    const visible = JSON.parse((await sb.run(['ls', '--json'])).stdout) as Array<{ id: string }>;
    expect(visible.map((a) => a.id)).not.toContain(shell);
    const all = JSON.parse((await sb.run(['ls', '--all', '--json'])).stdout) as Array<{ id: string; archivedAt?: string }>;
    expect(all.find((a) => a.id === shell)?.archivedAt).toBeTruthy();
    const filtered = JSON.parse((await sb.run(['ls', '--all', '--json', '--status', 'exited'])).stdout) as Array<{ status: string }>;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((a) => a.status === 'exited')).toBe(true);
  });

  it('two commands racing to autostart the daemon share one', async () => {
    const [a, b] = await Promise.all([sb.run(['run', '-d', '--provider', 'shell']), sb.run(['run', '-d', '--provider', 'shell'])]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const auth = { headers: { authorization: `Bearer ${sb.token()}` } };
    const health = (await (await fetch(`http://${sb.listen}/api/health`, auth)).json()) as { pid: number; agents: { total: number } };
    expect(health.pid).toBe(sb.daemonPid());
    expect(health.agents.total).toBe(2);
  });

  it('gives one-line errors for bad input and unknown agents', async () => {
    await sb.run(['daemon', 'start']);
    const unknown = await sb.run(['logs', 'zzzz-no-such']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toMatch(/^paseo: no agent "zzzz-no-such"/);
    const badMode = await sb.run(['run', '--mode', 'yolo', '-d', 'true']);
    expect(badMode.code).toBe(2); // a bad option value is bad usage
    expect(badMode.stderr).toContain('unknown mode "yolo"');
    const badStatus = await sb.run(['ls', '--status', 'sleeping']);
    expect(badStatus.stderr).toContain('unknown status "sleeping"');
    const badTimeout = await sb.run(['wait', 'x', '--timeout', 'soon']);
    expect(badTimeout.stderr).toContain('invalid --timeout "soon"');
    const badOption = await sb.run(['ls', '--bogus']);
    expect(badOption.code).toBe(2);
    for (const r of [unknown, badMode, badStatus, badTimeout, badOption]) expect(r.stderr).not.toMatch(/\n\s+at /);
    const help = await sb.run(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--detach');
  });

  it('refuses a second daemon on the same home, and stop ends the agents', async () => {
    const first = await sb.run(['daemon', 'start']);
    expect(first.code).toBe(0);
    const again = await sb.run(['daemon', 'start']);
    expect(again.code).toBe(0); // `start` is a no-op when the daemon runs, and says so
    expect(again.stdout).toContain('already running');
    // A second daemon on the same home but another port is refused by the lock.
    const other = await sb.run(['daemon', 'run', '--listen', '127.0.0.1:0']);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('already running');

    const id = (await sb.run(['run', '-d', '--provider', 'shell'])).stdout.trim();
    const agent = JSON.parse((await sb.run(['ls', '--json'])).stdout).find((a: { id: string }) => a.id === id) as { pid: number };
    expect(isAlive(agent.pid)).toBe(true);
    const daemonPid = sb.daemonPid()!;
    const stop = await sb.run(['daemon', 'stop']);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/daemon stopped .*1 agent stopped/);
    expect(isAlive(daemonPid)).toBe(false);
    await until(() => !isAlive(agent.pid), 'agent process gone', 5_000);
  });

  it('recovers after kill -9: agents listed, dead ones exited, history still in logs', async () => {
    const m = marker('survives');
    const id = (await sb.run(['run', '-d', '--provider', 'shell', `echo ${m}`])).stdout.trim();
    await until(async () => (await sb.run(['logs', id])).stdout.split('\n').some((l) => l.trim() === m), 'marker');
    const list = JSON.parse((await sb.run(['ls', '--json'])).stdout) as Array<{ id: string; pid: number }>;
    const agentPid = list.find((a) => a.id === id)!.pid;
    // Give the throttled screen save a chance to run, as a user's agent would have long before a crash.
    const fs = await import('node:fs');
    await until(() => fs.existsSync(`${sb.home}/agents/${id}.screen`) && fs.readFileSync(`${sb.home}/agents/${id}.screen`, 'utf8').includes(m), 'screen saved', 10_000);
    const daemonPid = sb.daemonPid()!;
    process.kill(daemonPid, 'SIGKILL');
    await until(() => !isAlive(daemonPid), 'daemon dead', 5_000);
    try {
      process.kill(-agentPid, 'SIGKILL'); // the PTY's shell would get SIGHUP; make sure it is gone
    } catch {
      // already gone with the daemon
    }
    const restart = await sb.run(['daemon', 'start']);
    expect(restart.code).toBe(0);
    const after = JSON.parse((await sb.run(['ls', '--all', '--json'])).stdout) as Array<{ id: string; status: string }>;
    expect(after.find((a) => a.id === id)?.status).toBe('exited');
    const logs = await sb.run(['logs', id]);
    expect(logs.stdout).toContain(m);
  });
});
