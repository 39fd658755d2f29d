// The built CLI's output through real pipes, against a real daemon on a temp home: nothing printed is lost, a
// closed pipe ends a follower quietly, --json errors are JSON, and --embedded leaves a daemon's home alone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry, isAlive, until, type CliResult } from '../helpers/paseo-cli.js';

let sb: PaseoSandbox;
beforeEach(async () => {
  sb = await PaseoSandbox.create();
});
afterEach(async () => {
  await sb.dispose();
});

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `sh -c <line>` (a real shell pipeline) with the sandbox's env; `$PASEO` stands for the built CLI. */
function shell(line: string, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...sb.env, PASEO_NODE: process.execPath, PASEO_CLI: cliEntry };
    const script = line.replaceAll('$PASEO', '"$PASEO_NODE" "$PASEO_CLI"');
    const child = spawn('/bin/sh', ['-c', script], { env, cwd: sb.home, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${line}\nstdout: ${stdout.slice(-2000)}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A command agent that runs `node -e <script>`. */
function nodeCommand(script: string): string {
  return `${quote(process.execPath)} -e ${quote(script)}`;
}

describe('paseo CLI output through pipes', () => {
  it('a 10 MB `logs` reaches a slow reader whole, as text, --ansi and --json', async () => {
    // 45 000 numbered lines of 230 columns: ~10.4 MB of history in a 50 000-line scrollback.
    const lines = 45_000;
    const width = 230;
    fs.writeFileSync(path.join(sb.home, 'config.json'), JSON.stringify({ scrollbackLines: 50_000 }));
    const script = `let s='';for(let i=1;i<=${lines};i++){s+=String(i).padStart(8,'0')+' '+'x'.repeat(${width - 9})+'\\n'}process.stdout.write(s)`;
    const run = await sb.run(['run', '-d', '--cols', '240', '--rows', '40', '--command', nodeCommand(script)]);
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect((await sb.run(['wait', id, '--timeout', '60'], { timeoutMs: 70_000 })).code).toBe(4);
    // The daemon may report the exit while the last output is still being parsed: wait until the screen has it.
    const lastLine = `${String(lines).padStart(8, '0')} x`;
    await until(async () => (await sb.run(['logs', id, '--tail', '3'])).stdout.includes(lastLine), 'the last line on the screen', 60_000);
    const expected = Array.from({ length: lines }, (_, i) => `${String(i + 1).padStart(8, '0')} ${'x'.repeat(width - 9)}`).join('\n') + '\n';
    expect(expected.length).toBeGreaterThan(10_000_000);

    // The reader starts only after the CLI has written everything it could: the pipe is full for a second.
    const out = path.join(sb.home, 'out');
    const text = await shell(`$PASEO logs ${id} | (sleep 1; cat > ${out}.txt)`);
    expect(text.stderr).toBe('');
    const got = fs.readFileSync(`${out}.txt`, 'utf8');
    const gotLines = got.split('\n');
    const expectedLines = expected.split('\n');
    const firstBad = gotLines.findIndex((l, i) => l !== expectedLines[i]);
    expect({ length: got.length, firstBad, line: gotLines[firstBad]?.slice(0, 40), lines: gotLines.length }).toEqual({ length: expected.length, firstBad: -1, line: undefined, lines: lines + 1 });

    const json = await shell(`$PASEO logs ${id} --json | (sleep 1; cat > ${out}.json)`);
    expect(json.stderr).toBe('');
    expect((JSON.parse(fs.readFileSync(`${out}.json`, 'utf8')) as { text: string }).text + '\n' === expected).toBe(true);

    const ansi = await shell(`$PASEO logs ${id} --ansi | (sleep 1; wc -c)`);
    expect(Number(ansi.stdout.trim())).toBeGreaterThan(expected.length);
    const ansiLast = await shell(`$PASEO logs ${id} --ansi | (sleep 1; tail -c 1000)`);
    expect(ansiLast.stdout).toContain(lastLine);
  }, 180_000);

  it('`logs --follow | head -1` ends with code 0 and nothing on stderr once the reader is gone', async () => {
    const run = await sb.run(['run', '-d', '--command', nodeCommand(`let i=0;setInterval(()=>console.log('tick '+(++i)),20)`)]);
    const id = run.stdout.trim();
    await until(async () => (await sb.run(['logs', id])).stdout.includes('tick 2'), 'first ticks');
    // $? of a pipeline is the last command's: the CLI's own status comes out through a file.
    const status = path.join(sb.home, 'status');
    const r = await shell(`{ $PASEO logs ${id} --follow; echo $? > ${status}; } | head -1`, 20_000);
    expect(r.stdout).toMatch(/^tick \d+\n$/);
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(status, 'utf8').trim()).toBe('0');
  });

  it('with --json an error is one JSON line on stderr and stdout stays empty', async () => {
    await sb.run(['daemon', 'start']);
    const missing = await sb.run(['logs', 'no-such-agent', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.endsWith('\n')).toBe(true);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(missing.stderr)).toEqual({ error: { code: 'not_found', message: expect.stringContaining('no-such-agent') } });

    const usage = await sb.run(['--json', 'ls', '--bogus']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('--bogus') } });
    // Without --json: the one-line human form.
    expect((await sb.run(['logs', 'no-such-agent'])).stderr).toMatch(/^paseo: no agent "no-such-agent"\n$/);
  });
});

describe('paseo --embedded and a daemon on the same home', () => {
  it('refuses a home a live daemon owns, in one line, and the daemon\'s agents live on', async () => {
    const id = (await sb.run(['run', '-d', '--command', 'sleep 300'])).stdout.trim();
    const agent = await until(async () => {
      const list = JSON.parse((await sb.run(['ls', '--json'])).stdout) as Array<{ id: string; status: string; pid?: number }>;
      const a = list.find((x) => x.id === id);
      return a?.pid && a.status !== 'starting' ? a : undefined;
    }, 'agent running');
    const health = async () => JSON.parse((await sb.run(['daemon', 'status', '--json'])).stdout) as { pid: number };
    const daemonPid = (await health()).pid;

    for (const args of [['--embedded', 'ls'], ['--embedded', 'ls', '--json']]) {
      const r = await sb.run(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`daemon (pid ${daemonPid}) owns`);
    }
    expect(isAlive(agent.pid!)).toBe(true);
    expect((await health()).pid).toBe(daemonPid);
    const after = JSON.parse((await sb.run(['ls', '--json'])).stdout) as Array<{ id: string; status: string }>;
    expect(after.find((x) => x.id === id)?.status).toBe(agent.status);
  });

  it('an --embedded run holds the home: its agent lives until it ends, and no daemon starts meanwhile', async () => {
    const marker = path.join(sb.home, 'embedded-started');
    const child = spawn(process.execPath, [cliEntry, '--embedded', 'run', '--command', `touch ${marker}; sleep 8; echo finished`], {
      env: sb.env,
      cwd: sb.home,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    sb.track(child.pid!);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    await until(() => fs.existsSync(marker), 'the embedded agent started');

    const start = await sb.run(['daemon', 'start']);
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(/^paseo: .* is held by an embedded paseo \(pid \d+\); quit it there\n$/);
    expect(await exited).toBe(4); // the agent exited on its own, not killed by a daemon's recovery
    expect(stdout).toContain('finished');
  }, 30_000);
});
