// End to end, as a person would in tmux (120x40): a TUI over many agents. Exited agents leave the tiling and "+N
// more" says what does not fit; layouts cycle and the sidebar hides; an exited agent comes back and restarts from its
// dead pane; PTYs keep their size until typed into (cropped meanwhile, zoom larger); rename, archive and remove keys;
// stray library output stays off the screen (tui.log) and prefix r repaints after another program wrote on it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaseoSandbox, cliEntry, until } from '../helpers/paseo-cli.js';
import { Tmux, findPanes, focusedPane, tmuxEnv, windowShell } from './helpers/tmux-session.js';

const COLS = 120;
const ROWS = 40;
const W = 'm:0';

interface LsAgent {
  id: string;
  title: string;
  status: string;
  cols: number;
  rows: number;
}

let sb: PaseoSandbox;
let tmux: Tmux | undefined;

beforeEach(async () => {
  sb = await PaseoSandbox.create();
});

afterEach(async () => {
  tmux?.kill();
  tmux = undefined;
  await sb.dispose();
});

async function paseo(...args: string[]): Promise<string> {
  const r = await sb.run(args);
  expect(r.code, `paseo ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout.trim();
}

async function ls(...extra: string[]): Promise<LsAgent[]> {
  return JSON.parse(await paseo('ls', '--json', ...extra)) as LsAgent[];
}

/** `paseo` in a tmux window; resolves once the TUI shows `ready`. */
async function openTui(ready: (rows: string[]) => boolean, env: NodeJS.ProcessEnv = {}): Promise<void> {
  tmux = new Tmux(tmuxEnv(sb, env));
  tmux.run('new-session', '-d', '-s', 'm', '-x', String(COLS), '-y', String(ROWS), '-c', sb.home, windowShell(sb));
  await tmux.waitFor(W, 'the window shell prompt', (r) => r.some((l) => l.startsWith('e2e$')));
  tmux.type(W, `node ${cliEntry}`);
  tmux.keys(W, 'Enter');
  await tmux.waitFor(W, 'the TUI', (r) => r.length === ROWS && (r[ROWS - 1] ?? '').includes('help') && ready(r));
}

const status = (r: string[]) => r[ROWS - 1] ?? '';
const allPanes = (r: string[]) => [...findPanes(r, true), ...findPanes(r, false)];

describe('paseo TUI with many agents, in tmux', { timeout: 180_000 }, () => {
  it('tiles live agents only, says +N more, cycles layouts, hides the sidebar, and restarts an exited agent from its pane', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 12; i++) ids.push(await paseo('run', '-d', '-t', `ag${i}`));
    for (const i of [1, 4, 7]) await paseo('stop', ids[i]!);
    await openTui((r) => r[0]!.includes('agents 9/12 shown'));
    const tiled = tmux!.capture(W);
    expect(allPanes(tiled)).toHaveLength(9);
    expect(tiled.join('\n')).not.toContain('· exited');
    // The sidebar marks the nine with a pane; the three exited ones are listed without it.
    expect(tiled.filter((l) => /^✕ ag(2|5|8)\s/.test(l) && !l.includes('◂'))).toHaveLength(3);

    // prefix Space: main + stack holds 1 + 7 panes of 39 rows, so one live agent does not fit.
    tmux!.keys(W, 'C-b', 'Space');
    await tmux!.waitFor(W, 'main + stack', (r) => status(r).includes('+1 more') && allPanes(r).length === 8);
    tmux!.keys(W, 'C-b', 'Space');
    await tmux!.waitFor(W, 'one at a time', (r) => status(r).includes('+8 more') && allPanes(r).length === 1);
    tmux!.keys(W, 'C-b', 'b');
    await tmux!.waitFor(W, 'no sidebar', (r) => r[0]!.startsWith('┏━ ag1 ') && !r.some((l) => l.includes('agents ')));
    tmux!.keys(W, 'C-b', 'b');
    tmux!.keys(W, 'C-b', 'Space');
    await tmux!.waitFor(W, 'tiled again with the sidebar', (r) => r[0]!.includes('agents 9/12 shown') && allPanes(r).length === 9 && !status(r).includes('more'));

    // prefix e brings back the agent that exited last (ag8), focused; zoomed, its pane says how to restart it.
    tmux!.keys(W, 'C-b', 'e');
    await tmux!.waitFor(W, 'ag8 back', (r) => /━ ag8 (\[cropped\] )?· shell · exited/.test(focusedPane(r)?.title ?? '') && allPanes(r).length === 10);
    tmux!.keys(W, 'C-b', 'z');
    await tmux!.waitFor(W, 'the dead pane hint', (r) => r.some((l) => l.includes('┗━ agent exited — prefix R restarts it ━')));
    tmux!.type(W, 'ls');
    tmux!.keys(W, 'Enter');
    await tmux!.waitFor(W, 'the hint on the status line', (r) => status(r).includes('agent exited — prefix R restarts it'));
    // prefix R restarts it at once (nothing is lost): a live shell again, in the same pane.
    tmux!.keys(W, 'C-b', 'R');
    await tmux!.waitFor(W, 'ag8 restarted', (r) => {
      const p = focusedPane(r);
      return p && /ag8 \[zoom( cropped)?\] · shell · (idle|running)/.test(p.title) && (p.inner[0] ?? '').length > 0;
    });
    await until(async () => (await ls()).find((a) => a.id === ids[7])?.status !== 'exited', 'ag8 live in paseo ls');
  });

  it('keeps PTY sizes until typed into (cropped meanwhile), and renames, archives and removes agents with the keys', async () => {
    const m = randomBytes(3).toString('hex');
    const left = await paseo('run', '-d', '-t', 'left', '--cols', '120', '--rows', '40');
    const right = await paseo('run', '-d', '-t', 'right', '--cols', '120', '--rows', '40');
    await openTui((r) => r[0]!.includes('agents (2)') && allPanes(r).length === 2);
    // Both PTYs are larger than their panes: shown cropped, and nobody resized them.
    await tmux!.waitFor(W, 'cropped marks', (r) => allPanes(r).every((p) => p.title.includes('[cropped]')));
    tmux!.keys(W, 'C-b', 'Left');
    tmux!.keys(W, 'C-b', 'z');
    await tmux!.waitFor(W, 'zoomed left', (r) => focusedPane(r)?.title.includes('left [zoom cropped]'));
    expect((await ls()).map((a) => [a.cols, a.rows])).toEqual([
      [120, 40],
      [120, 40],
    ]);
    // Typing is what gives the agent this pane's size (zoomed: 90x39 outer → 88x37).
    tmux!.type(W, `echo typed-${m}`);
    tmux!.keys(W, 'Enter');
    await tmux!.waitFor(W, 'the output, no longer cropped', (r) => focusedPane(r)?.title.includes('left [zoom] ·') && focusedPane(r)!.inner.includes(`typed-${m}`));
    expect((await ls()).find((a) => a.id === left)).toMatchObject({ cols: 88, rows: 37 });
    tmux!.keys(W, 'C-b', 'z');
    await tmux!.waitFor(W, 'unzoomed: cropped again, the size kept', (r) => focusedPane(r)?.title.includes('left [cropped]'));
    expect((await ls()).find((a) => a.id === left)).toMatchObject({ cols: 88, rows: 37 });

    // prefix , renames.
    tmux!.keys(W, 'C-b', ',');
    await tmux!.waitFor(W, 'the rename prompt', (r) => status(r).includes('rename: left'));
    tmux!.keys(W, 'C-u');
    tmux!.type(W, `renamed-${m}`);
    tmux!.keys(W, 'Enter');
    await tmux!.waitFor(W, 'the new title', (r) => focusedPane(r)?.title.includes(`━ renamed-${m} [cropped] · shell`));
    expect((await ls()).find((a) => a.id === left)?.title).toBe(`renamed-${m}`);

    // prefix A archives after y (it runs); prefix X removes after y. (prefix a is the approval queue.)
    tmux!.keys(W, 'C-b', 'A');
    await tmux!.waitFor(W, 'the archive question', (r) => status(r).includes(`Archive agent "renamed-${m}"? It is stopped (y/n)`));
    tmux!.keys(W, 'y');
    await tmux!.waitFor(W, 'one agent left', (r) => r[0]!.includes('agents (1)') && allPanes(r).length === 1);
    expect((await ls()).map((a) => a.id)).toEqual([right]);
    tmux!.keys(W, 'C-b', 'X');
    await tmux!.waitFor(W, 'the remove question', (r) => status(r).includes('Remove agent "right" and its history? (y/n)'));
    tmux!.keys(W, 'y');
    await tmux!.waitFor(W, 'no agents', (r) => r[0]!.includes('agents (0)'));
    expect(await ls('--all')).toHaveLength(1);
    expect(fs.existsSync(path.join(sb.home, 'agents', `${right}.json`))).toBe(false);
  });

  it('starts the first agent of a first run at the size of its pane: not cropped, nothing to re-wrap', async () => {
    await openTui((r) => r[0]!.includes('agents (1)') && (focusedPane(r)?.inner[0] ?? '').length > 0);
    const pane = focusedPane(tmux!.capture(W))!;
    expect(pane.title).not.toContain('cropped');
    const [agent] = await ls();
    expect([agent!.cols, agent!.rows]).toEqual([pane.right - pane.left - 1, pane.bottom - pane.top - 1]);
  });

  it('keeps stray library output off the screen (into tui.log), and prefix r repaints what another program wrote', async () => {
    const m = randomBytes(3).toString('hex');
    // A module loaded into the TUI process (not the daemon, not CLI runs: no TTY there) that, when told to, writes the
    // way a library does: console.warn like xterm.js's task queue, a raw stderr write, console.log.
    const go = path.join(sb.home, 'stray-go');
    const done = path.join(sb.home, 'stray-done');
    const script = path.join(sb.home, 'stray.mjs');
    fs.writeFileSync(
      script,
      `import fs from 'node:fs';
if (process.stdout.isTTY && process.argv.length <= 2) {
  const w = fs.watch(${JSON.stringify(sb.home)}, (ev, name) => {
    if (name !== 'stray-go' || fs.existsSync(${JSON.stringify(done)})) return;
    console.warn('STRAY-${m} task queue exceeded allotted deadline by 42ms');
    process.stderr.write('STRAY-${m}-stderr\\n');
    console.log('STRAY-${m}-log');
    fs.writeFileSync(${JSON.stringify(done)}, 'ok');
  });
  w.unref();
}
`,
    );
    await paseo('run', '-d', '-t', 'quiet');
    await openTui((r) => r[0]!.includes('agents (1)') && (focusedPane(r)?.inner[0] ?? '').length > 0, { NODE_OPTIONS: `--import=${script}` });
    fs.writeFileSync(go, 'go');
    await until(() => fs.existsSync(done), 'the stray writes');
    // Output after the stray writes, drawn by the TUI: the terminal has had every earlier byte by then.
    tmux!.type(W, `echo after-${m}`);
    tmux!.keys(W, 'Enter');
    const after = await tmux!.waitFor(W, 'output after the stray writes', (r) => focusedPane(r)?.inner.includes(`after-${m}`) && r);
    expect(after.join('\n')).not.toContain('STRAY');
    const log = fs.readFileSync(path.join(sb.home, 'tui.log'), 'utf8');
    for (const text of [`STRAY-${m} task queue`, `STRAY-${m}-stderr`, `STRAY-${m}-log`]) expect(log).toContain(text);

    // Another program writes on the terminal (a wall message, a background job): prefix r paints the frame again.
    const tty = tmux!.display(W, '#{pane_tty}');
    fs.writeFileSync(tty, `\x1b[12;50HJUNK-${m}-JUNK`);
    await tmux!.waitFor(W, 'the junk on screen', (r) => r.some((l) => l.includes(`JUNK-${m}`)));
    tmux!.keys(W, 'C-b', 'r');
    await tmux!.waitFor(W, 'the frame repainted', (r) => !r.some((l) => l.includes('JUNK')) && focusedPane(r)?.inner.includes(`after-${m}`));
  });
});
