// An agent's history on disk, through a real daemon this test spawns itself: a `kill -9` at any instant keeps all
// but about the last second of a steady stream, and a corrupt saved screen is reported and kept aside.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry, until } from '../helpers/paseo-cli.js';

let sb: PaseoSandbox;
let daemons: ChildProcess[] = [];
beforeEach(async () => {
  sb = await PaseoSandbox.create();
  daemons = [];
});
afterEach(async () => {
  for (const d of daemons) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
  await sb.dispose();
});

/** `paseo daemon run` as this test's own child; resolves once it says it listens (PASEO_READY_FD), not by polling. */
async function spawnDaemon(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cliEntry, 'daemon', 'run'], {
    env: { ...sb.env, PASEO_READY_FD: '3' },
    cwd: sb.home,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  daemons.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    (child.stdio[3] as NodeJS.ReadableStream).once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`daemon exited (${code}): ${stderr}`)));
  });
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function lastNumber(text: string, prefix: string): number | undefined {
  const numbers = text.split('\n').map((l) => new RegExp(`^${prefix}(\\d+)\\s*$`).exec(l.trim())?.[1]).filter((n) => n !== undefined);
  return numbers.length ? Number(numbers[numbers.length - 1]) : undefined;
}

describe('history on disk', () => {
  it('a daemon kill -9 during a steady 100 lines/s stream keeps all but about the last second', async () => {
    const daemon = await spawnDaemon();
    const printed = path.join(sb.home, 'printed');
    const script = path.join(sb.home, 'stream.cjs');
    // Prints a numbered line every 10 ms, then records the number it printed: the file never runs ahead of the screen.
    fs.writeFileSync(
      script,
      `const fs = require('fs'); let i = 0;\nsetInterval(() => { i++; process.stdout.write('line ' + i + '\\n'); fs.appendFileSync(${JSON.stringify(printed)}, i + '\\n'); }, 10);\n`,
    );
    const run = await sb.run(['run', '-d', '--command', `${process.execPath} ${script}`]);
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    // Long enough that a save after a pause, or only every 30 s, would have nothing recent on disk.
    await until(() => (lastNumber(fs.existsSync(printed) ? fs.readFileSync(printed, 'utf8') : '', '') ?? 0) > 350, 'the agent printed 350 lines', 30_000);
    const beforeKill = lastNumber(fs.readFileSync(printed, 'utf8'), '')!;
    await killHard(daemon);

    await spawnDaemon();
    const logs = await sb.run(['logs', id]);
    expect(logs.code).toBe(0);
    const restored = lastNumber(logs.stdout, 'line ');
    expect(restored, logs.stdout.slice(-500)).toBeDefined();
    // 100 lines/s: within ~1 s of the last line printed before the kill (it cannot be later than what was printed).
    expect(restored!).toBeGreaterThanOrEqual(beforeKill - 120);
    expect(restored!).toBeLessThanOrEqual(beforeKill + 5);
  }, 60_000);

  it('a corrupt saved screen is reported in logs and the daemon log, and kept aside', async () => {
    const first = await spawnDaemon();
    const id = (await sb.run(['run', '-d', '--command', 'echo history-before; sleep 0.2'])).stdout.trim();
    expect((await sb.run(['wait', id, '--timeout', '20'])).code).toBe(4);
    const screenFile = path.join(sb.home, 'agents', `${id}.screen`);
    await until(() => fs.existsSync(screenFile), 'screen saved');
    const stopped = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGTERM'); // our own child: a clean stop
    await stopped;
    fs.writeFileSync(screenFile, '{"cols": 80, "rows": 24, "data": "\\u001b[1mtorn');

    const second = await spawnDaemon();
    const logs = await sb.run(['logs', id]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(new RegExp(`\\[paseo\\] saved history could not be read; kept as ${id}\\.screen\\.corrupt-\\d+`));
    const aside = fs.readdirSync(path.join(sb.home, 'agents')).filter((f) => f.startsWith(`${id}.screen.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(sb.home, 'agents', aside[0]!), 'utf8')).toContain('torn');
    const daemonLog = await until(() => {
      const text = fs.readFileSync(path.join(sb.home, 'daemon.log'), 'utf8');
      return text.includes('store.corrupt-screen') ? text : undefined;
    }, 'the warning in daemon.log');
    expect(daemonLog).toContain(aside[0]);
    // The notice replaced the history on disk: a later daemon still says so.
    await until(() => !fs.readFileSync(screenFile, 'utf8').includes('torn'), 'the notice saved in place');
    const stoppedAgain = new Promise((resolve) => second.once('exit', resolve));
    second.kill('SIGTERM');
    await stoppedAgain;
    await spawnDaemon();
    expect((await sb.run(['logs', id])).stdout).toContain('[paseo] saved history could not be read; kept as');
  }, 60_000);
});
