// A program that floods its terminal and exits: `wait` (which returns on exit) followed at once by `logs` shows the
// last line. It lost the last ~60 lines of 45 000 before: node-pty destroyed the PTY's read stream 200 ms after the
// exit with ~10 KB still unread (pty-host.ts reads them first now). And the exit event comes only once the screen
// has parsed what was queued, so whoever reads the screen on exit sees it all (agent-terminal.ts).
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from '../../src/core/event.js';
import type { AgentTerminal } from '../../src/terminal/types.js';
import { PtyAgentTerminal } from '../../src/terminal/agent-terminal.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import type { IPty } from '../../src/terminal/pty-host.js';
import { spawnAgentTerminal } from '../../src/terminal/spawn-agent-terminal.js';

const LINES = 45_000;
const terminals: AgentTerminal[] = [];
afterEach(() => {
  for (const t of terminals.splice(0)) t.dispose();
});

describe('agent terminal exit', () => {
  it('keeps the last of 45 000 lines of a 10 MB burst just before the exit, there at once on exit', async () => {
    for (let i = 0; i < 4; i++) {
      const term = spawnAgentTerminal({
        file: '/bin/sh',
        // A line long enough to make the burst ~10 MB, as seen; the marker says which line is last.
        args: ['-c', `seq -f 'line %.0f ${'x'.repeat(200)}' 1 ${LINES}; echo LAST-LINE-${i}`],
        cwd: '/tmp',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' },
        cols: 120,
        rows: 30,
        scrollback: 100,
      });
      terminals.push(term);
      // Read synchronously inside the exit event, as a waiter that returns on exit and reads logs next would.
      const tail = await new Promise<string>((resolve) => {
        term.onDidExit(() => resolve(term.view().lines().join('\n')));
      });
      expect(tail, `iteration ${i}`).toContain(`LAST-LINE-${i}`);
    }
  }, 120_000);
});

describe('agent terminal exit event', () => {
  it('comes after the screen has parsed the output still queued when the PTY reported the exit (fake PTY)', async () => {
    // A real child stands in for the PTY's pid: the terminal only reads /proc for what is left of its session.
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const data = new Emitter<string>();
      const exit = new Emitter<{ exitCode: number; signal?: number }>();
      const fakePty = {
        pid: child.pid!,
        onData: data.event,
        onExit: exit.event,
        pause() {},
        resume() {},
        write() {},
        resize() {},
      } as unknown as IPty;
      const term = new PtyAgentTerminal(fakePty, new HeadlessScreen({ cols: 80, rows: 24, scrollback: 100 }));
      terminals.push(term);
      const seen = new Promise<string>((resolve) => term.onDidExit(() => resolve(term.view().lines().join('\n'))));
      // A client's snapshot (or `logs`) is being taken: output arriving meanwhile is held until it is done, so the
      // program's last words are still queued for the screen when its exit comes.
      const snapshot = term.snapshot();
      data.fire('line 1\r\nTHE-END\r\n');
      exit.fire({ exitCode: 0 });
      await snapshot;
      expect(await seen).toContain('THE-END');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
