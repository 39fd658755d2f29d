import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from '../../src/core/event.js';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.session.restore();
});

function twoAgents(): FakeApi {
  const api = new FakeApi();
  api.addAgent({ id: 'a1', title: 'one' });
  api.addAgent({ id: 'a2', title: 'two' });
  return api;
}

async function ready(h: Harness): Promise<void> {
  await h.settle();
  // 80x24: two panes of 29x23 outer → 27x21 inside; the PTYs already have that size.
  h.api.pushSnapshot('a1', 'one$ ', 27, 21);
  h.api.pushSnapshot('a2', 'two$ ', 27, 21);
  await h.waitFor((t) => t.includes('one$') && t.includes('two$'), 'both panes');
}

function start(api: FakeApi, extra: Partial<Parameters<typeof startHarness>[0]> = {}): Harness {
  const h = startHarness({ cols: 80, rows: 24, api, ...extra });
  open.push(h);
  return h;
}

describe('TuiSession', () => {
  it('draws an echo at once after a chrome event that changed nothing on screen (no frame interval lost)', async () => {
    // A record update arrives just before the echo it caused; its frame writes nothing and must not make the echo's
    // frame wait for the next 1/MAX_FPS slot (it did: first keys after attach took 35–55 ms instead of 3–10).
    const h = start(twoAgents());
    await ready(h);
    await new Promise((r) => setTimeout(r, 100)); // idle for longer than a frame interval
    const turn = () => new Promise((r) => setImmediate(r));
    const written = h.stdout.chunks.length;
    h.api.changeAgent('a1', { updatedAt: new Date(2025, 0, 1, 9, 42).toISOString() });
    await turn();
    expect(h.stdout.chunks.length).toBe(written); // nothing shown changed: nothing written
    h.api.pushOutput('a1', 'Q');
    await turn(); // microtasks and I/O only: no timer has had its turn
    expect(h.stdout.chunks.length).toBe(written + 1);
    await h.stdout.flushed();
    expect(h.stdout.text()).toContain('one$ Q');
  });

  it("draws a keystroke's echo right behind another frame; without typing, output still waits for its frame slot", async () => {
    const h = start(twoAgents());
    await ready(h);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const turn = () => new Promise((r) => setImmediate(r));
    await sleep(100);
    h.stdin.type('Q');
    h.api.pushOutput('a2', 'busy'); // another pane's output: a frame written now
    await turn();
    const written = h.stdout.chunks.length;
    h.api.pushOutput('a1', 'Q'); // the echo, right behind it
    // Timers fire in order of expiry: a frame held for its 1/MAX_FPS slot would come after this one.
    await sleep(15);
    expect(h.stdout.chunks.length).toBe(written + 1);

    await sleep(200); // no keys for a while: back to the frame cap
    h.api.pushOutput('a2', 'more');
    await turn();
    const before = h.stdout.chunks.length;
    h.api.pushOutput('a1', 'x');
    await sleep(15);
    expect(h.stdout.chunks.length).toBe(before);
    await h.waitFor((t) => t.includes('one$ Qx'), 'the held output drawn at its slot');
  });

  it("keeps other panes' output to the frame cap while the user types (only the echo skips the slot)", async () => {
    // Every frame within ECHO_WINDOW_MS of a key had the short gap: with keys ~100 ms apart and many panes streaming,
    // the TUI drew 70 frames/s (scale bench), where 30 was the cap.
    const h = start(twoAgents());
    await ready(h);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await sleep(100);
    h.stdin.type('Q');
    const written = h.stdout.chunks.length;
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) {
      h.api.pushOutput('a2', String(i % 10));
      await sleep(3);
    }
    const elapsed = performance.now() - t0;
    const frames = h.stdout.chunks.length - written;
    // One frame per 1/MAX_FPS slot at most, plus the first (after idle) and one in flight at the end.
    expect(frames).toBeLessThanOrEqual(Math.ceil(elapsed / (1000 / 30)) + 2);
    expect(frames).toBeLessThan(20);
  });

  it('sends on a key that waits behind a socket read before drawing the frame that read brought', async () => {
    // Both callbacks are due in the same turn of the event loop (here: two immediates): the frame of the first must
    // not run between them (it did, as a microtask), holding the key for a frame's work.
    const h = start(twoAgents());
    await ready(h);
    await new Promise((r) => setTimeout(r, 100));
    const order: string[] = [];
    const write = h.stdout.write.bind(h.stdout);
    h.stdout.write = (data: string) => {
      if (data.includes('\x1b[?2026h')) order.push('frame');
      return write(data);
    };
    const writeInput = h.api.writeInput.bind(h.api);
    h.api.writeInput = (agentId: string, data: string) => {
      order.push(`input ${data}`);
      writeInput(agentId, data);
    };
    await new Promise<void>((resolve) => {
      setImmediate(() => h.api.pushOutput('a2', 'o'));
      setImmediate(() => h.stdin.type('k'));
      setImmediate(resolve);
    });
    await h.waitFor((t) => t.includes('two$ o'), 'the frame');
    expect(order.slice(0, 2)).toEqual(['input k', 'frame']);
  });

  it('sends ordinary keys to the focused agent and routes prefix keys to commands', async () => {
    const h = start(twoAgents());
    await ready(h);
    h.stdin.type('ls -l\r');
    h.stdin.type('\x02\x1b[C'); // prefix → focus right
    h.stdin.type('x');
    h.stdin.type('\x02\x02'); // prefix twice → a literal C-b
    await h.settle();
    expect(h.api.inputs).toEqual([
      { agentId: 'a1', data: 'l' },
      { agentId: 'a1', data: 's' },
      { agentId: 'a1', data: ' ' },
      { agentId: 'a1', data: '-' },
      { agentId: 'a1', data: 'l' },
      { agentId: 'a1', data: '\r' },
      { agentId: 'a2', data: 'x' },
      { agentId: 'a2', data: '\x02' },
    ]);
  });

  it('keeps a paste whole and re-brackets it only when the agent enabled bracketed paste', async () => {
    const h = start(twoAgents());
    await ready(h);
    h.stdin.type('\x1b[200~a\rb\x1b[201~');
    h.api.pushOutput('a1', '\x1b[?2004h');
    await h.settle();
    h.stdin.type('\x1b[200~c\x1b[201~');
    expect(h.api.inputs).toEqual([
      { agentId: 'a1', data: 'a\rb' },
      { agentId: 'a1', data: '\x1b[200~c\x1b[201~' },
    ]);
  });

  it('sends arrows in application cursor mode when the agent asked for it', async () => {
    const h = start(twoAgents());
    await ready(h);
    h.api.pushOutput('a1', '\x1b[?1h');
    await h.settle();
    h.stdin.type('\x1b[A');
    expect(h.api.inputs).toEqual([{ agentId: 'a1', data: '\x1bOA' }]);
  });

  it('resizes the focused PTY to its pane when the user types into it, not when the window or the focus changes', async () => {
    const h = start(twoAgents());
    await ready(h);
    h.stdout.resizeTo(120, 40);
    await h.waitFor((t) => t.split('\n').length === 40 && t.includes('agents (2)'), 'relayout');
    h.stdin.type('\x02l');
    await h.settle();
    expect(h.api.resizes).toEqual([]);
    // 120x40: main area 90 wide → panes 45x39 → 43x37 inside.
    h.stdin.type('x');
    expect(h.api.resizes).toEqual([{ agentId: 'a2', cols: 43, rows: 37 }]);
  });

  it('leaves the PTY alone when another client resized it, until this user types (tmux latest, no resize war)', async () => {
    const h = start(twoAgents());
    await ready(h);
    const before = h.api.resizes.length;
    // A second TUI with a bigger pane typed into a1: its size arrives here as a resize delta.
    h.api.pushResize('a1', 43, 37);
    h.api.pushOutput('a1', 'from the other client');
    h.api.changeAgent('a1', { status: 'running' });
    await h.settle();
    expect(h.api.resizes.length).toBe(before);
    // This user types: the PTY follows this client's pane again.
    h.stdin.type('x');
    expect(h.api.resizes.slice(before)).toEqual([{ agentId: 'a1', cols: 27, rows: 21 }]);
    expect(h.api.inputs).toEqual([{ agentId: 'a1', data: 'x' }]);
  });

  it('places the cursor at the focused agent cursor, inside its pane', async () => {
    const h = start(twoAgents());
    await ready(h);
    const buf = h.stdout.term.buffer.active;
    // Sidebar 22 + border 1 → pane content starts at column 23, row 1; "one$ " leaves the cursor at x=5.
    expect([buf.cursorX, buf.cursorY]).toEqual([28, 1]);
  });

  it('shows the cursor on the last column when a line filled the pane exactly (pending wrap)', async () => {
    const h = start(twoAgents());
    await ready(h);
    // The PTY follows the pane (27 wide); a 27-char prompt leaves the agent's cursor past the last column.
    h.api.pushOutput('a1', '\r\n' + 'p'.repeat(27));
    await h.waitFor((t) => t.includes('p'.repeat(27)), 'the full line');
    const buf = h.stdout.term.buffer.active;
    expect([buf.cursorX, buf.cursorY]).toEqual([23 + 26, 2]);
  });

  it('focuses a pane on click and scrolls its history with the wheel', async () => {
    const h = start(twoAgents());
    await ready(h);
    h.stdin.type('\x1b[<0;60;5M\x1b[<0;60;5m');
    await h.settle();
    h.stdin.type('k');
    expect(h.api.inputs).toEqual([{ agentId: 'a2', data: 'k' }]);
    h.api.pushOutput('a2', Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\r\n'));
    await h.waitFor((t) => t.includes('line 39'), 'output');
    h.stdin.type('\x1b[<64;60;5M');
    await h.waitFor((t) => t.includes('[scroll 3/'), 'scrolled');
    expect(h.stdout.text()).not.toContain('line 39');
  });

  it('asks before stopping an agent and stops it only on y', async () => {
    const h = start(twoAgents());
    await ready(h);
    h.stdin.type('\x02x');
    await h.waitFor((t) => t.includes('Stop agent "one"? (y/n)'), 'confirm');
    h.stdin.type('n');
    await h.settle();
    expect(h.api.stopped).toEqual([]);
    h.stdin.type('\x02xy');
    await h.waitFor((t) => t.includes('one · shell · exited'), 'exited');
    expect(h.api.stopped).toEqual(['a1']);
  });

  it('creates an agent from the form with the chosen provider, mode, cwd, title and prompt', async () => {
    const h = start(twoAgents());
    await ready(h);
    h.stdin.type('\x02c');
    await h.waitFor((t) => t.includes('New agent'), 'form');
    // provider, model, mode, cwd, worktree, branch, title, first prompt
    h.stdin.type('\x1b[C\t\t\x1b[C\t\x15/srv/app\t\t\tfixer\thello there\r');
    await h.waitFor((t) => t.includes('agents (3)'), 'created');
    expect(h.api.created).toHaveLength(1);
    expect(h.api.created[0]).toMatchObject({ provider: 'claude', mode: 'accept-edits', cwd: '/srv/app', title: 'fixer', prompt: 'hello there' });
  });

  it('marks panes disconnected while the daemon is away and live again after the resync snapshot', async () => {
    const down = new Emitter<void>();
    const up = new Emitter<void>();
    const h = start(twoAgents(), { connection: { onDidDisconnect: down.event, onDidReconnect: up.event } });
    await ready(h);
    down.fire();
    await h.waitFor((t) => t.includes('DISCONNECTED') && t.includes('[disconnected]'), 'disconnected marks');
    // Stale cells are dimmed, never drawn as live.
    const cell = h.stdout.term.buffer.active.getLine(1)?.getCell(23);
    expect([cell?.getChars(), Boolean(cell?.isDim())]).toEqual(['o', true]);
    up.fire();
    h.api.pushSnapshot('a1', 'one$ again', 27, 21);
    h.api.pushSnapshot('a2', 'two$ again', 27, 21);
    await h.waitFor((t) => !t.includes('disconnected') && !t.includes('DISCONNECTED') && t.includes('one$ again'), 'resynced');
  });

  it('redraws the pane title when the resync snapshot arrives after the chrome was drawn', async () => {
    const down = new Emitter<void>();
    const up = new Emitter<void>();
    const h = start(twoAgents(), { connection: { onDidDisconnect: down.event, onDidReconnect: up.event } });
    await ready(h);
    down.fire();
    await h.waitFor((t) => t.includes('[disconnected]'), 'disconnected marks');
    up.fire();
    // The chrome is redrawn for "connected" while the panes are still stale; only then do the snapshots come.
    await h.waitFor((t) => !t.includes('DISCONNECTED') && t.includes('[disconnected]'), 'connected, panes still stale');
    h.api.pushSnapshot('a1', 'one$ again', 27, 21);
    h.api.pushSnapshot('a2', 'two$ again', 27, 21);
    await h.waitFor((t) => t.includes('one$ again') && t.includes('two$ again'), 'resync snapshots');
    await h.settle();
    expect(h.stdout.text()).not.toContain('[disconnected]');
  });

  it('sends an escape sequence start that nothing completes (Escape then O typed together) without waiting for another key', async () => {
    const h = start(twoAgents());
    await ready(h);
    h.stdin.type('\x1bO');
    const deadline = Date.now() + 2_000;
    while (h.api.inputs.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(h.api.inputs).toEqual([{ agentId: 'a1', data: '\x1bO' }]);
    h.stdin.type('\x1bOA');
    expect(h.api.inputs.at(-1)).toEqual({ agentId: 'a1', data: '\x1b[A' });
  });

  it('detaches on prefix d and restores the terminal: normal screen, cursor, modes, cooked input', async () => {
    const h = start(twoAgents());
    await ready(h);
    expect(h.stdin.rawMode).toBe(true);
    h.stdin.type('\x02d');
    expect(await h.done).toBe('detach');
    const last = h.stdout.chunks.at(-1) as string;
    for (const seq of ['\x1b[?1049l', '\x1b[?25h', '\x1b[?1000l', '\x1b[?1006l', '\x1b[?2004l', '\x1b[<u', '\x1b[?1004l', '\x1b[?7h']) expect(last).toContain(seq);
    expect(h.stdin.rawMode).toBe(false);
    expect(h.stdin.paused).toBe(true);
    expect(h.api.subscriberCount('a1')).toBe(0);
    await h.stdout.flushed();
    expect(h.stdout.term.buffer.active.type).toBe('normal');
  });

  it('uses the configured prefix', async () => {
    const h = start(twoAgents(), { config: { prefix: 'C-a', bindings: { zoom: 'Z' } } });
    await ready(h);
    h.stdin.type('\x02\x01Z');
    await h.waitFor((t) => t.includes('[zoom]'), 'zoom with C-a Z');
    expect(h.api.inputs).toEqual([{ agentId: 'a1', data: '\x02' }]);
  });
});
