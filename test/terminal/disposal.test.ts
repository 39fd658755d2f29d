/** After dispose(), nothing of a terminal keeps the process alive: no timers, sockets or child processes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScreen } from '../../src/terminal/create-screen.js';
import { spawnPtyAgentTerminal } from '../../src/terminal/spawn-agent-terminal.js';
import { isAlive } from '../../src/terminal/process-group.js';
import { pollUntil, waitForScreen } from './helpers/wait.js';

const home = mkdtempSync(path.join(tmpdir(), 'paseo-dispose-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Handles that keep the event loop alive, by kind. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

function sameAsBaseline(baseline: Record<string, number>): boolean {
  const now = resources();
  return ['Timeout', 'TTYWrap', 'PipeWrap', 'Immediate'].every((kind) => (now[kind] ?? 0) <= (baseline[kind] ?? 0));
}

describe('disposal', () => {
  it('a disposed agent terminal kills its process and leaves no timer, socket or listener behind', async () => {
    const baseline = resources();
    const t = spawnPtyAgentTerminal({
      file: 'bash',
      args: ['--norc', '--noprofile'],
      cwd: home,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, PS1: 'PROMPT$ ' },
      cols: 80,
      rows: 24,
    });
    const pid = t.pid;
    let outputs = 0;
    t.onDidOutput(() => outputs++);
    t.writeRaw('echo alive\r');
    await waitForScreen(t, t.headless, (s) => /^alive$/m.test(s));
    await t.snapshot();
    t.input('partial input');
    expect(resources().TTYWrap ?? 0).toBeGreaterThan(baseline.TTYWrap ?? 0);

    t.dispose();
    await pollUntil(() => !isAlive(pid), 3_000, 'the shell to die');
    await pollUntil(() => sameAsBaseline(baseline), 3_000, `handles to be released (now ${JSON.stringify(resources())})`);

    // A disposed terminal ignores use instead of throwing; no output event fires any more.
    const before = outputs;
    expect(() => {
      t.input('x');
      t.writeRaw('y');
      t.resize(100, 30);
    }).not.toThrow();
    expect(outputs).toBe(before);
    await expect(t.snapshot()).rejects.toThrow();
  });

  it('a restored screen releases its timers on dispose, even with writes still queued', async () => {
    const baseline = resources();
    const screen = createScreen({ cols: 100, rows: 30, restore: { cols: 80, rows: 24, data: 'saved history\r\n$ ' } });
    expect(screen.view().bufferType).toBe('normal');
    const text = await screen.text();
    expect(text).toContain('saved history');
    expect([screen.cols, screen.rows]).toEqual([100, 30]);
    for (let i = 0; i < 100; i++) (screen as unknown as { write(d: string): void }).write(`line ${i}\r\n`);
    screen.dispose();
    await pollUntil(() => sameAsBaseline(baseline), 3_000, 'timers to be released');
  });
});
