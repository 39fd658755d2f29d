// End to end: tmux drives the full-screen TUI as a person would (send-keys, capture-pane) against a real daemon
// with a real shell agent: create it with the keys, type into it, a second attached TUI, detach and reattach
// (output made while detached included), and a window resize.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry, until } from '../helpers/paseo-cli.js';
import { Tmux, findPanes, focusedPane, tmuxEnv, windowShell, type Pane } from './helpers/tmux-session.js';

const COLS = 120;
const ROWS = 40;

/** The first pane with a light box (focused: bold), or undefined. */
function findPane(rows: string[], focused: boolean): Pane | undefined {
  return findPanes(rows, focused)[0];
}

/** The pane row (index into pane.inner, from `from` on) whose whole text is `text`: an output line, not the command that printed it. */
function outputRow(pane: Pane | undefined, text: string, from = 0): number | undefined {
  const i = pane?.inner.findIndex((l, row) => row >= from && l === text) ?? -1;
  return i >= 0 ? i : undefined;
}

/** Where the cell right after `text` is in the pane (row, col inside it), following the shell's line wrap at the pane width. */
function endOf(pane: Pane, text: string): { row: number; col: number } | undefined {
  const width = pane.right - pane.left - 1;
  const flat = pane.inner.map((l) => l.padEnd(width)).join('');
  const at = flat.indexOf(text);
  if (at < 0) return undefined;
  const end = at + text.length;
  return { row: Math.floor(end / width), col: end % width };
}

/** Every row of the frame is intact: sidebar rule, both pane borders, status line on the last row. */
function frameIntact(rows: string[], cols: number, height: number): string | undefined {
  if (rows.length !== height) return `${rows.length} rows, want ${height}`;
  const pane = focusedPane(rows);
  if (!pane) return 'no focused pane';
  if (pane.right !== cols - 1) return `pane right border at ${pane.right}, want ${cols - 1}`;
  if (pane.bottom !== height - 2) return `pane bottom border on row ${pane.bottom}, want ${height - 2}`;
  for (let y = pane.top + 1; y < pane.bottom; y++) {
    const row = [...rows[y]!];
    if (row[pane.left] !== '┃' || row[pane.right] !== '┃') return `row ${y} lost its borders: ${rows[y]}`;
  }
  const status = rows[height - 1]!;
  if (!status.startsWith(' paseo │') || !status.trimEnd().endsWith('help')) return `last row is not the status line: ${status}`;
  return undefined;
}

interface LsAgent {
  id: string;
  createdAt: string;
  status: string;
  cols: number;
  rows: number;
}

let sb: PaseoSandbox;
let tmux: Tmux;
const paseo = `node ${cliEntry}`;

/**
 * Opens a tmux session whose window 0 is a shell and runs `paseo` (no arguments) in it. Like tmux creating a
 * session, a first run opens on one shell agent; resolves once the TUI shows it with its prompt and the status line.
 */
async function startPaseo(): Promise<string> {
  tmux.run('new-session', '-d', '-s', 'e2e', '-x', String(COLS), '-y', String(ROWS), '-c', sb.home, windowShell(sb));
  const w0 = 'e2e:0';
  await tmux.waitFor(w0, 'the window shell prompt', (r) => r.some((l) => l.startsWith('e2e$')));
  tmux.type(w0, paseo);
  tmux.keys(w0, 'Enter');
  await tmux.waitFor(w0, 'the TUI on its first shell agent', (r) => {
    const pane = focusedPane(r);
    const status = r[ROWS - 1] ?? '';
    return r.length === ROWS && r[0]!.includes('agents (1)') && pane && pane.inner[0]!.length > 0 && status.startsWith(' paseo │') && status.includes(`daemon ${sb.listen}`);
  });
  return w0;
}

/** prefix c, then Enter on the form (shell preselected); resolves with the new focused pane once the shell drew its prompt. */
async function createShellAgent(win: string, agentsBefore: number): Promise<Pane> {
  tmux.keys(win, 'C-b', 'c');
  await tmux.waitFor(win, 'the new-agent form', (r) => r.some((l) => l.includes('New agent')) && r.some((l) => /provider\s+‹ shell ›/.test(l)));
  tmux.keys(win, 'Enter');
  return tmux.waitFor(win, 'the new shell pane with a prompt', (r) => {
    const pane = focusedPane(r);
    return r[0]!.includes(`agents (${agentsBefore + 1})`) && pane && r[pane.top]!.includes(' shell ') && pane.inner[0]!.length > 0 && pane;
  });
}

/** `paseo ls --json`, oldest agent first. */
async function listAgents(): Promise<LsAgent[]> {
  const ls = await sb.run(['ls', '--json']);
  expect(ls.code).toBe(0);
  return (JSON.parse(ls.stdout) as LsAgent[]).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

beforeEach(async () => {
  sb = await PaseoSandbox.create();
  tmux = new Tmux(tmuxEnv(sb));
});

afterEach(async () => {
  tmux.kill();
  await sb.dispose();
});

// Real daemon, shells and several CLI runs on a 2-core machine shared with other suites: allow more than the default.
describe('paseo TUI in tmux', { timeout: 120_000 }, () => {
  it('creates a shell agent with the keys, shares it with a second TUI, detaches, reattaches and follows a resize', async () => {
    const m = randomBytes(4).toString('hex');
    // 1. `paseo` with no arguments starts the daemon and draws the TUI on a first shell agent, status line on the last row.
    const w0 = await startPaseo();
    expect(tmux.display(w0, '#{alternate_on}')).toBe('1');
    expect(sb.daemonPid()).toBeGreaterThan(0);

    // 2. prefix c opens the new-agent form (shell preselected); Enter creates the agent and its pane appears, focused,
    // beside the first one.
    const created = await createShellAgent(w0, 1);
    expect(frameIntact(tmux.capture(w0), COLS, ROWS)).toBeUndefined();
    expect(findPane(tmux.capture(w0), false)!.right).toBeLessThan(created.left);
    const agents = await listAgents();
    expect(agents).toHaveLength(2);
    const agent = agents[1]!;
    const id = agent.id;
    // The PTY has the pane's inner size.
    expect([agent.cols, agent.rows]).toEqual([created.right - created.left - 1, created.bottom - created.top - 1]);

    // 3. Typed keys echo in the pane, with the real cursor right after them; Enter runs the command and prints its output.
    const command = `echo hello-${m}`;
    const typedAt = Date.now();
    tmux.type(w0, command);
    const typed = await tmux.waitFor(w0, 'the typed command', (r) => {
      const pane = focusedPane(r);
      const end = pane && endOf(pane, command);
      return end && { pane, end };
    });
    const echoMs = Date.now() - typedAt;
    expect(echoMs).toBeLessThan(2_000);
    // The real cursor is where the shell's is, right after the typed text (polled: tmux may be mid-frame, cursor hidden).
    const wantCursor = { visible: true, x: typed.pane.left + 1 + typed.end.col, y: typed.pane.top + 1 + typed.end.row };
    const cursorIsRight = () => {
      const c = tmux.cursor(w0);
      return c.visible && c.x === wantCursor.x && c.y === wantCursor.y;
    };
    await until(cursorIsRight, `the cursor at ${JSON.stringify(wantCursor)}`, 3_000, 20).catch((err: unknown) => {
      throw new Error(`${String(err)}; it is at ${JSON.stringify(tmux.cursor(w0))}`);
    });
    tmux.keys(w0, 'Enter');
    await tmux.waitFor(w0, 'the output line', (r) => {
      const pane = focusedPane(r);
      const row = outputRow(pane, `hello-${m}`, typed.end.row + 1);
      // Below the command; the prompt came back on the next row, and the cursor sits on it.
      return pane && row !== undefined && (pane.inner[row + 1] ?? '').length > 0 && tmux.cursor(w0).y === pane.top + 2 + row;
    });
    expect(frameIntact(tmux.capture(w0), COLS, ROWS)).toBeUndefined();

    // 4. A second `paseo attach <id>` in another window shows the same agent screen.
    tmux.run('new-window', '-t', 'e2e:1', '-c', sb.home, windowShell(sb));
    const w1 = 'e2e:1';
    await tmux.waitFor(w1, 'the second window prompt', (r) => r.some((l) => l.startsWith('e2e$')));
    tmux.type(w1, `${paseo} attach ${id}`);
    tmux.keys(w1, 'Enter');
    await tmux.waitFor(w1, 'the shared screen in window 1', (r) => outputRow(focusedPane(r), `hello-${m}`) !== undefined);
    expect(focusedPane(tmux.capture(w1))!.inner).toEqual(focusedPane(tmux.capture(w0))!.inner);

    // 5. prefix d detaches window 0: normal screen, cursor shown, `[detached]`, the shell prompt back; the agent keeps running.
    tmux.keys(w0, 'C-b', 'd');
    const back = await tmux.waitFor(w0, 'the shell after detach', (r) => {
      const at = r.findIndex((l) => l === '[detached]');
      return at >= 0 && r[at + 1] === 'e2e$' && r;
    });
    expect(tmux.display(w0, '#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{wrap_flag}')).toBe('0 1 0 1');
    expect(back.join('\n')).not.toContain('┃');
    expect(tmux.display(w0, '#{pane_current_command}')).toBe('bash');
    const afterDetach = await listAgents();
    expect(afterDetach.find((a) => a.id === id)?.status).not.toBe('exited');

    // 6. While window 0 is detached the agent prints something; window 1 sees it live, and reattaching window 0 shows
    // the same screen, including it.
    const send = await sb.run(['send', id, `echo while-away-${m}`, '--no-wait']);
    expect(send.code).toBe(0);
    await tmux.waitFor(w1, 'the output made while window 0 was detached, in window 1', (r) => outputRow(focusedPane(r), `while-away-${m}`) !== undefined);
    tmux.type(w0, `${paseo} attach ${id}`);
    tmux.keys(w0, 'Enter');
    const again = await tmux.waitFor(w0, 'the reattached screen', (r) => {
      const pane = focusedPane(r);
      return outputRow(pane, `hello-${m}`) !== undefined && outputRow(pane, `while-away-${m}`) !== undefined && pane;
    });
    expect(again.inner).toEqual(focusedPane(tmux.capture(w1))!.inner);
    // Once the screen is there the pane title is live (no stale "[disconnected]" from before the snapshot).
    await tmux.waitFor(w0, 'a live pane title', (r) => !r.join('\n').includes('disconnected') && r);
    expect(frameIntact(tmux.capture(w0), COLS, ROWS)).toBeUndefined();

    // 7. Resizing the window: the layout follows (borders at the new width, status line on the new last row), and the
    // focused agent's PTY takes the new pane size once the user types into it (tmux: the latest client to type sizes it).
    tmux.run('resize-window', '-t', w0, '-x', '90', '-y', '30');
    const resized = await tmux.waitFor(w0, 'the layout at 90x30', (r) => frameIntact(r, 90, 30) === undefined && outputRow(focusedPane(r), `while-away-${m}`) !== undefined && r);
    const small = focusedPane(resized)!;
    const want = [small.right - small.left - 1, small.bottom - small.top - 1];
    // Output that outgrows the pane stays inside it: a long line and a screenful of lines never touch the chrome.
    tmux.type(w0, `seq 1 80; printf '%0300d\\n' 7; echo done-${m}`);
    tmux.keys(w0, 'Enter');
    await until(async () => {
      const a = (await listAgents()).find((x) => x.id === id);
      return a && a.cols === want[0] && a.rows === want[1];
    }, `the PTY at ${want.join('x')}`);
    let lastCursor: unknown;
    const flooded = await tmux.waitFor(w0, 'the flood to finish, the prompt back and the cursor on it', (r) => {
      const p = focusedPane(r);
      const row = outputRow(p, `done-${m}`);
      if (!p || row === undefined || !(p.inner[row + 1] ?? '')) return undefined;
      const c = tmux.cursor(w0);
      // A prompt that fills the pane's width exactly makes readline wrap the cursor to the next row (" \r").
      const promptRow = p.top + 2 + row;
      // (capture-pane trims the prompt's trailing space, so a full row reads one column short)
      const promptFills = (p.inner[row + 1] ?? '').length >= p.right - p.left - 2;
      const cursorRowOk = c.y === promptRow || (promptFills && c.y === promptRow + 1);
      lastCursor = { ...c, promptRow, promptFills, left: p.left, right: p.right };
      return c.visible && cursorRowOk && c.x > p.left && c.x < p.right && r;
    }).catch((err: unknown) => {
      throw new Error(`${String(err)}\ncursor: ${JSON.stringify(lastCursor)}`);
    });
    expect(frameIntact(flooded, 90, 30)).toBeUndefined();
  });

  it('tiles two agents, sends keys to the focused pane only, moves focus, zooms, stops on y, and quits leaving agents running', async () => {
    const m = randomBytes(4).toString('hex');
    const w0 = await startPaseo();
    await createShellAgent(w0, 1);
    // Side by side: the new agent focused (bold box) on the right, the first one light on the left.
    const two = tmux.capture(w0);
    const right = focusedPane(two)!;
    const left = findPane(two, false)!;
    expect(left.right).toBeLessThan(right.left);
    expect(frameIntact(two, COLS, ROWS)).toBeUndefined();

    tmux.type(w0, `echo right-${m}`);
    tmux.keys(w0, 'Enter');
    await tmux.waitFor(w0, 'output in the right pane', (r) => outputRow(focusedPane(r), `right-${m}`) !== undefined);

    // prefix ← focuses the left pane; what is typed now goes there, not to the right one.
    tmux.keys(w0, 'C-b', 'Left');
    await tmux.waitFor(w0, 'focus on the left pane', (r) => {
      const f = focusedPane(r);
      return f && f.left === left.left && outputRow(findPane(r, false), `right-${m}`) !== undefined;
    });
    tmux.type(w0, `echo left-${m}`);
    tmux.keys(w0, 'Enter');
    const typed = await tmux.waitFor(w0, 'output in the left pane, the cursor inside it', (r) => {
      const f = focusedPane(r);
      const c = tmux.cursor(w0);
      return outputRow(f, `left-${m}`) !== undefined && c.visible && c.x > f!.left && c.x < f!.right && r;
    });
    expect(findPane(typed, false)!.inner.join('\n')).not.toContain(`left-${m}`);

    // prefix z zooms the focused pane to the whole main area, and back.
    tmux.keys(w0, 'C-b', 'z');
    await tmux.waitFor(w0, 'the zoomed pane', (r) => {
      const z = focusedPane(r);
      return z && z.right === COLS - 1 && r[z.top]!.includes('[zoom]') && !findPane(r, false) && outputRow(z, `left-${m}`) !== undefined;
    });
    tmux.keys(w0, 'C-b', 'z');
    await tmux.waitFor(w0, 'two panes again', (r) => findPane(r, false) !== undefined && !r[0]!.includes('[zoom]'));

    // prefix x asks first: n keeps the agent, y stops it.
    const leftId = (await listAgents())[0]!.id;
    tmux.keys(w0, 'C-b', 'x');
    await tmux.waitFor(w0, 'the stop question', (r) => r[ROWS - 1]!.includes('Stop agent "shell"? (y/n)'));
    tmux.keys(w0, 'n');
    await tmux.waitFor(w0, 'the status line back', (r) => r[ROWS - 1]!.startsWith(' paseo │'));
    expect((await listAgents()).every((a) => a.status !== 'exited')).toBe(true);
    tmux.keys(w0, 'C-b', 'x');
    await tmux.waitFor(w0, 'the stop question again', (r) => r[ROWS - 1]!.includes('(y/n)'));
    tmux.keys(w0, 'y');
    await until(async () => (await listAgents()).find((a) => a.id === leftId)?.status === 'exited', 'the left agent stopped');
    await tmux.waitFor(w0, 'the pane marked exited', (r) => r.some((l) => l.includes(' · shell · exited')));

    // prefix Q quits the TUI: the shell is back on the normal screen, and the other agent still runs.
    tmux.keys(w0, 'C-b', 'Q');
    await tmux.waitFor(w0, 'the shell after quit', (r) => r.filter((l) => l.length > 0).at(-1) === 'e2e$' && !r.join('\n').includes('┃'));
    expect(tmux.display(w0, '#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{wrap_flag} #{pane_current_command}')).toBe('0 1 0 1 bash');
    const after = await listAgents();
    expect(after).toHaveLength(2);
    expect(after.find((a) => a.id !== leftId)?.status).not.toBe('exited');
  });
});
