// While the TUI owns the terminal, nothing but its compositor writes there: console.*, process.stderr/stdout writes
// (xterm's "task queue exceeded allotted deadline" warning) go to PASEO_HOME/tui.log and everything is put back after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureStrayOutput } from '../../src/tui/stray-output.js';
import { runTui, TUI_LOG_FILE } from '../../src/tui/run-tui.js';
import { FakeStdin, XtermStdout } from './harness.js';
import { FakeApi } from './fake-api.js';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

describe('stray output while the TUI runs', () => {
  it('diverts console.*, stderr and stdout writes to the sink, lets the TUI through, and restores them', () => {
    const originals = { warn: console.warn, log: console.log, stderr: process.stderr.write, stdout: process.stdout.write };
    const seen: string[] = [];
    const terminal: string[] = [];
    const capture = captureStrayOutput({ write: (d: string) => terminal.push(d) }, (source, text) => seen.push(`${source}:${text}`));
    try {
      console.warn('task queue exceeded allotted deadline by %dms', 12);
      console.log('hello');
      process.stderr.write('to stderr\n');
      process.stdout.write(Buffer.from('to stdout\n'));
      capture.write('\x1b[Hframe');
    } finally {
      capture.dispose();
    }
    expect(seen).toEqual(['console.warn:task queue exceeded allotted deadline by 12ms', 'console.log:hello', 'stderr:to stderr\n', 'stdout:to stdout\n']);
    expect(terminal).toEqual(['\x1b[Hframe']);
    expect([console.warn, console.log, process.stderr.write, process.stdout.write]).toEqual([originals.warn, originals.log, originals.stderr, originals.stdout]);
  });

  it('runTui logs what libraries print into PASEO_HOME/tui.log instead of the screen', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-tui-'));
    homes.push(home);
    const api = new FakeApi();
    api.addAgent({ id: 'a1', title: 'one' });
    const stdout = new XtermStdout(80, 24);
    const stdin = new FakeStdin();
    const warn = console.warn;
    const run = runTui({ api, home, stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream });
    // runTui loads its modules first; the capture is in place once the first frame is out.
    for (let i = 0; i < 300 && stdout.chunks.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(console.warn).not.toBe(warn);
    console.warn('task queue exceeded allotted deadline by 7ms');
    process.stderr.write('stray stderr line\n');
    stdin.type('\x02Q');
    expect(await run).toEqual({ reason: 'quit' });
    expect(console.warn).toBe(warn);
    const logged = fs.readFileSync(path.join(home, TUI_LOG_FILE), 'utf8');
    expect(logged).toContain('task queue exceeded allotted deadline by 7ms');
    expect(logged).toContain('stray stderr line');
    expect(stdout.chunks.join('')).not.toContain('task queue');
  });
});
