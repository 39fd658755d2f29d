import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalDelta, TerminalSnapshot } from '../../src/core/protocol.js';
import { PaseoError } from '../../src/core/errors.js';
import { closeAll, openSupervisor, pidGone, recordStatuses, statusReached, tempHome, until } from './helpers/supervisor-fixture.js';

afterEach(closeAll);

const marker = () => Math.random().toString(36).slice(2, 8);

describe('supervisor with shell agents', () => {
  it('types the prompt, goes running → idle, and the output is in the logs', async () => {
    const { sup } = await openSupervisor();
    const statuses = recordStatuses(sup);
    const m = marker();
    const agent = await sup.createAgent({ prompt: `echo hello-$((40+2))-${m}`, cwd: '/tmp' });
    expect(agent.provider).toBe('shell');
    expect(agent.pid).toBeGreaterThan(0);
    expect(agent).toMatchObject({ cols: 80, rows: 24, cwd: '/tmp' });
    const done = await sup.waitForAgent(agent.id, { timeoutMs: 15_000 });
    expect(done.outcome).toBe('idle');
    expect(await sup.readLogs(agent.id)).toContain(`hello-42-${m}`);
    const seq = statuses(agent.id);
    expect(seq.indexOf('running')).toBeGreaterThanOrEqual(0);
    expect(seq.lastIndexOf('idle')).toBeGreaterThan(seq.indexOf('running'));
    // Persisted as JSON, atomically, with the hook secret kept out of it.
    await sup.store.flush();
    const onDisk = JSON.parse(readFileSync(path.join(sup.home, 'agents', `${agent.id}.json`), 'utf8'));
    expect(onDisk.status).toBe('idle');
    expect(JSON.stringify(onDisk)).not.toContain(readFileSync(path.join(sup.home, 'agents', agent.id, 'hook-secret'), 'utf8'));
  });

  it('queues text sent while a command runs and delivers it once idle', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ prompt: 'sleep 1' });
    await statusReached(sup, () => agent.id, ['running']);
    const sent = await sup.sendText(agent.id, 'echo after-$((1+1))');
    expect(sent).toEqual({ delivered: false, queued: true });
    // A wait started now covers the queued text too, not just the running command.
    const waiting = sup.waitForAgent(agent.id, { timeoutMs: 15_000 });
    // Not typed while sleep runs: the shell has not echoed it.
    expect(await sup.readLogs(agent.id)).not.toContain('echo after');
    expect((await waiting).outcome).toBe('idle');
    expect(await sup.readLogs(agent.id)).toContain('after-2');
    const logs = await sup.readLogs(agent.id);
    expect(logs.indexOf('echo after')).toBeGreaterThan(logs.indexOf('sleep 1'));
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 10_000 })).outcome).toBe('idle');
  });

  it('sendText on an idle agent types at once', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({});
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 10_000 })).outcome).toBe('idle');
    expect(await sup.sendText(agent.id, 'echo now-$((2+3))')).toEqual({ delivered: true, queued: false });
    expect((await sup.getAgent(agent.id)).status).toBe('running');
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 10_000 })).outcome).toBe('idle');
    expect(await sup.readLogs(agent.id)).toContain('now-5');
  });

  it('waitForAgent resolves idle after the command finishes, and timeout when it does not', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ prompt: 'sleep 1; echo do""ne' });
    const started = Date.now();
    const result = await sup.waitForAgent(agent.id, { timeoutMs: 15_000 });
    expect(result.outcome).toBe('idle');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await sup.readLogs(agent.id)).toMatch(/^done$/m);

    const slow = await sup.createAgent({ prompt: 'sleep 30' });
    const timedOut = await sup.waitForAgent(slow.id, { timeoutMs: 300 });
    expect(timedOut.outcome).toBe('timeout');
    expect(timedOut.agent.status).not.toBe('idle');
  });

  it('stop ends the shell and its jobs', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ prompt: 'sleep 1000' });
    await statusReached(sup, () => agent.id, ['running']);
    const stopped = await sup.stopAgent(agent.id);
    expect(stopped.status).toBe('exited');
    expect(stopped.statusDetail).toBe('stopped');
    await until('shell gone', () => pidGone(agent.pid!), 5_000);
  });

  it('archive stops the agent and hides it from the default list', async () => {
    const { sup } = await openSupervisor();
    const a = await sup.createAgent({});
    const b = await sup.createAgent({});
    const archived = await sup.archiveAgent(a.id);
    expect(archived.archivedAt).toBeTruthy();
    expect(archived.status).toBe('exited');
    expect((await sup.listAgents()).map((r) => r.id)).toEqual([b.id]);
    expect((await sup.listAgents({ includeArchived: true })).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect((await sup.listAgents({ statuses: ['exited'], includeArchived: true })).map((r) => r.id)).toEqual([a.id]);
    expect(await sup.listAgents({ cwd: '/definitely/not/here' })).toEqual([]);
  });

  it('a subscriber gets a snapshot, then deltas in order after its seq', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ prompt: 'echo before-$((3*3))' });
    await sup.waitForAgent(agent.id, { timeoutMs: 10_000 });
    const calls: Array<{ snap?: TerminalSnapshot; delta?: TerminalDelta }> = [];
    const sub = await sup.subscribeTerminal(agent.id, {
      onSnapshot: (snap) => calls.push({ snap }),
      onDelta: (delta) => calls.push({ delta }),
    });
    try {
      expect(calls[0]?.snap?.data).toContain('before-9');
      await sup.sendText(agent.id, 'for i in 1 2 3; do echo line-$i; done');
      await until('deltas with line-3', () =>
        calls.map((c) => (c.delta?.kind === 'output' ? c.delta.data : '')).join('').includes('line-3'),
      );
      expect(calls.filter((c) => c.snap)).toHaveLength(1);
      const seqs = calls.slice(1).map((c) => c.delta!.seq);
      expect(seqs[0]).toBeGreaterThan(calls[0]!.snap!.seq);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
    } finally {
      sub.dispose();
    }
  });
});

describe('supervisor with command agents and lookups', () => {
  it('a command that ends is exited with its exit code', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ provider: 'command', command: ['bash', '-c', 'echo hi; sleep 0.2'] });
    const result = await sup.waitForAgent(agent.id, { timeoutMs: 10_000 });
    expect(result.outcome).toBe('exited');
    expect(result.agent).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(await sup.readLogs(agent.id)).toContain('hi');
    await expect(sup.sendText(agent.id, 'x')).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('stop kills the whole process group, background children included', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ provider: 'command', command: ['bash', '-c', 'sleep 1000 & echo CHILD=$!; sleep 1000'] });
    const text = await until('child pid', async () => /CHILD=(\d+)/.exec(await sup.readLogs(agent.id)));
    const child = Number(text[1]);
    expect(pidGone(child)).toBe(false);
    const stopped = await sup.stopAgent(agent.id);
    expect(stopped.status).toBe('exited');
    await until('background child killed', () => pidGone(child), 5_000);
  });

  it('a program that is not there is refused before anything is created', async () => {
    const { sup } = await openSupervisor();
    const err = await sup.createAgent({ provider: 'command', command: ['/nonexistent/paseo-nope'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaseoError);
    expect(err).toMatchObject({ code: 'bad_request', message: 'command not found: /nonexistent/paseo-nope' });
    await expect(sup.createAgent({ provider: 'command', command: ['paseo-no-such-program-xyz'] })).rejects.toMatchObject({
      message: 'command not found: paseo-no-such-program-xyz',
    });
    expect(await sup.listAgents({ includeArchived: true })).toEqual([]);
  });

  it('a start that fails after the record was made (the CLI is not installed) removes the record and says why', async () => {
    const { sup } = await openSupervisor();
    const events: string[] = [];
    sup.onDidChangeAgent((e) => events.push(e.kind));
    const err = await sup.createAgent({ provider: 'aider', env: { PASEO_AIDER_BIN: '/nonexistent/aider' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaseoError);
    expect((err as PaseoError).message).toBe('could not start the aider agent: Aider is not installed');
    expect(await sup.listAgents({ includeArchived: true })).toEqual([]);
    expect(events).toContain('removed');
  });

  it('a mode the provider does not list is refused, naming its modes', async () => {
    const { sup } = await openSupervisor();
    await expect(sup.createAgent({ provider: 'shell', mode: 'plan' })).rejects.toMatchObject({
      code: 'bad_request',
      message: 'provider "shell" has no mode "plan" (its modes: default)',
    });
    expect(await sup.listAgents({ includeArchived: true })).toEqual([]);
  });

  it('an unknown provider is refused before anything is created', async () => {
    const { sup } = await openSupervisor();
    await expect(sup.createAgent({ provider: 'nosuchtool/model' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await sup.listAgents({ includeArchived: true })).toEqual([]);
  });

  it('finds agents by unique prefix; not_found and ambiguous name the id', async () => {
    const { sup } = await openSupervisor();
    const ids: string[] = [];
    let shared: string | undefined;
    // 17 ids guarantee two share a first hex digit.
    while (!shared && ids.length < 17) {
      const r = await sup.createAgent({ provider: 'command', command: ['true'] });
      shared = ids.find((id) => id[0] === r.id[0]) ? r.id[0] : undefined;
      ids.push(r.id);
    }
    const first = ids[0]!;
    expect((await sup.getAgent(first)).id).toBe(first);
    expect((await sup.getAgent(first.slice(0, 10))).id).toBe(first);
    await expect(sup.getAgent('zzzz')).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('zzzz') });
    await expect(sup.getAgent(shared!)).rejects.toMatchObject({ code: 'ambiguous', message: expect.stringContaining(`"${shared}"`) });
  });

  it('health counts agents by status; providers include shell and command', async () => {
    const { sup } = await openSupervisor();
    const a = await sup.createAgent({ provider: 'command', command: ['true'] });
    await sup.waitForAgent(a.id, { timeoutMs: 10_000 });
    const h = await sup.health();
    expect(h).toMatchObject({ status: 'ok', version: '0.0.0-test', pid: process.pid, agents: { total: 1, exited: 1 } });
    const providers = await sup.listProviders();
    expect(providers.find((p) => p.name === 'shell')).toMatchObject({ installed: true });
    expect(providers.find((p) => p.name === 'command')).toMatchObject({ installed: true });
  });
});

describe('hooks', () => {
  it('refuses unknown agents (404) and wrong or missing secrets (403)', async () => {
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({});
    expect((await sup.handleHook({ agentId: 'nope', secret: 'x', event: 'Stop', payload: {} })).status).toBe(404);
    expect((await sup.handleHook({ agentId: agent.id, secret: 'wrong', event: 'Stop', payload: {} })).status).toBe(403);
    expect((await sup.handleHook({ agentId: agent.id, secret: undefined, event: 'Stop', payload: {} })).status).toBe(403);
    const secret = readFileSync(path.join(sup.home, 'agents', agent.id, 'hook-secret'), 'utf8');
    // Right secret, but the shell takes no hooks.
    expect((await sup.handleHook({ agentId: agent.id, secret, event: 'Stop', payload: {} })).status).toBe(400);
  });

  it('a permission hook waits for a decision and replies with the adapter format', async () => {
    const home = tempHome();
    writeFileSync(
      path.join(home, 'hooky.mjs'),
      `export default {
        name: 'hooky', displayName: 'Hooky', models: [], modes: ['default'], interruptKeys: '\\x03', supportsResume: false,
        async detectInstall() { return { installed: true }; },
        async launch(ctx) { return { file: 'bash', args: ['-c', 'sleep 1000'], env: ctx.env, promptDelivery: 'none' }; },
        encodePrompt: (t) => [t, '\\r'], createStateDetector: () => ({ detect: () => 'unknown' }),
        parseHook(name, payload) {
          if (name === 'Perm') return { kind: 'permission', request: { tool: 'Bash', command: payload.command } };
          if (name === 'Stop') return { kind: 'turn-end' };
          return { kind: 'ignored' };
        },
        formatHookReply(name, decision) { return { status: 200, body: { name, decision: decision ?? null } }; },
      };`,
    );
    writeFileSync(path.join(home, 'config.json'), JSON.stringify({ adapters: { hooky: './hooky.mjs' } }));
    const { sup } = await openSupervisor(home);
    const agent = await sup.createAgent({ provider: 'hooky' });
    const secret = readFileSync(path.join(home, 'agents', agent.id, 'hook-secret'), 'utf8');
    const pending = sup.handleHook({ agentId: agent.id, secret, event: 'Perm', payload: { command: 'git push' } });
    const [req] = await until('approval pending', () => sup.approvals.list().length > 0 && sup.approvals.list());
    expect(req).toMatchObject({ agentId: agent.id, tool: 'Bash', command: 'git push', cwd: agent.cwd });
    expect((await sup.getAgent(agent.id))).toMatchObject({ status: 'waiting', attention: 'permission' });
    expect((await sup.listApprovals()).map((r) => r.id)).toEqual([req!.id]);
    await sup.decideApproval(req!.id, { behavior: 'allow' });
    await expect(sup.decideApproval(req!.id, { behavior: 'deny', message: 'late' })).rejects.toMatchObject({ code: 'not_pending', message: expect.stringContaining('already decided') });
    expect(await pending).toEqual({ status: 200, body: { name: 'Perm', decision: { behavior: 'allow' } } });
    expect((await sup.getAgent(agent.id)).status).toBe('running');
    await sup.handleHook({ agentId: agent.id, secret, event: 'Stop', payload: {} });
    expect(await sup.getAgent(agent.id)).toMatchObject({ status: 'idle', attention: 'finished' });
    sup.writeInput(agent.id, 'x');
    expect((await sup.getAgent(agent.id)).attention).toBeUndefined();

    // A turn-end that arrives while a hook still blocks on a decision is stale (the CLI cannot end a turn it is
    // blocked in): the permission wins and stays queued. When the user answers in the agent's own dialog instead,
    // the CLI drops its hook call, and that disconnect takes the request out of the queue.
    const caller = new AbortController();
    const stale = sup.handleHook({ agentId: agent.id, secret, event: 'Perm', payload: { command: 'rm -rf build' }, signal: caller.signal });
    await until('second approval pending', () => sup.approvals.list().length > 0);
    await sup.handleHook({ agentId: agent.id, secret, event: 'Stop', payload: {} });
    expect(sup.approvals.list().map((r) => r.command)).toEqual(['rm -rf build']);
    expect((await sup.getAgent(agent.id)).status).toBe('waiting');
    caller.abort();
    expect((await stale).body).toMatchObject({ decision: { behavior: 'deny' } });
    expect(sup.approvals.list()).toEqual([]);
  });

  it('a held approval keeps the agent waiting while its screen still shows a busy spinner', async () => {
    // Claude Code keeps its spinner ("esc to interrupt") up while a PreToolUse hook blocks it: the screen detector
    // says busy, yet the agent waits on our decision.
    const home = tempHome();
    writeFileSync(
      path.join(home, 'spinny.mjs'),
      `export default {
        name: 'spinny', displayName: 'Spinny', models: [], modes: ['default'], interruptKeys: '\\x03', supportsResume: false,
        async detectInstall() { return { installed: true }; },
        async launch(ctx) { return { file: 'bash', args: ['-c', 'while :; do printf .; sleep 0.2; done'], env: ctx.env, promptDelivery: 'none' }; },
        encodePrompt: (t) => [t, '\\r'],
        createStateDetector: () => ({ detect: () => { globalThis.__spinnyDetects = (globalThis.__spinnyDetects ?? 0) + 1; return 'busy'; } }),
        parseHook(name, payload) {
          if (name === 'Perm') return { kind: 'permission', request: { tool: 'Bash', command: payload.command } };
          return { kind: 'ignored' };
        },
      };`,
    );
    writeFileSync(path.join(home, 'config.json'), JSON.stringify({ adapters: { spinny: './spinny.mjs' } }));
    const { sup } = await openSupervisor(home);
    const agent = await sup.createAgent({ provider: 'spinny' });
    await until('running on its spinner', async () => (await sup.getAgent(agent.id)).status === 'running');
    const secret = readFileSync(path.join(home, 'agents', agent.id, 'hook-secret'), 'utf8');
    const g = globalThis as { __spinnyDetects?: number };
    const pending = sup.handleHook({ agentId: agent.id, secret, event: 'Perm', payload: { command: 'git push' } });
    const [req] = await until('approval pending', () => sup.approvals.list().length > 0 && sup.approvals.list());
    const detectsAtRequest = g.__spinnyDetects ?? 0;
    // The detector has run on the spinner several times since the request.
    await until('detector ran', () => (g.__spinnyDetects ?? 0) >= detectsAtRequest + 3);
    expect(await sup.getAgent(agent.id)).toMatchObject({ status: 'waiting', attention: 'permission' });
    await sup.decideApproval(req!.id, { behavior: 'allow' });
    await pending;
    expect((await sup.getAgent(agent.id)).status).toBe('running');
    // Released: the screen is heard again.
    const after = g.__spinnyDetects ?? 0;
    await until('detector ran after the decision', () => (g.__spinnyDetects ?? 0) >= after + 1);
    expect((await sup.getAgent(agent.id)).status).toBe('running');
  });
  it('presses Enter again when a CLI with an empty-input pattern dropped it, and the prompt is submitted once', async () => {
    // Gemini on a loaded CI machine once lost the Enter after a typed prompt: the text sat in its box for good.
    const home = tempHome();
    const submitted = path.join(home, 'submitted.txt');
    writeFileSync(
      path.join(home, 'droppy-cli.mjs'),
      `import { appendFileSync } from 'node:fs';
      process.stdin.setRawMode(true);
      let box = '', enters = 0;
      const draw = () => process.stdout.write('\\x1b[2K\\r> ' + (box || 'Type your message'));
      draw();
      process.stdin.on('data', (d) => {
        for (const ch of d.toString()) {
          if (ch !== '\\r') { box += ch; continue; }
          if (enters++ === 0) continue; // the first Enter is lost
          appendFileSync(${JSON.stringify(submitted)}, box + '\\n');
          box = '';
        }
        draw();
      });`,
    );
    writeFileSync(
      path.join(home, 'droppy.mjs'),
      `export default {
        name: 'droppy', displayName: 'Droppy', models: [], modes: ['default'], interruptKeys: '\\x03', supportsResume: false,
        readyPattern: /Type your message/, emptyInputPattern: /Type your message/,
        async detectInstall() { return { installed: true }; },
        async launch(ctx) { return { file: process.execPath, args: [${JSON.stringify(path.join(home, 'droppy-cli.mjs'))}], env: ctx.env, promptDelivery: 'none' }; },
        encodePrompt: (t) => [t, '\\r'],
        createStateDetector: () => ({ detect: () => 'idle' }),
      };`,
    );
    writeFileSync(path.join(home, 'config.json'), JSON.stringify({ adapters: { droppy: './droppy.mjs' } }));
    const { sup } = await openSupervisor(home);
    const agent = await sup.createAgent({ provider: 'droppy' });
    await until('input box drawn', async () => /Type your message/.test(await sup.readLogs(agent.id)));
    await sup.sendText(agent.id, 'fix the bug');
    await until('prompt submitted', () => readFileSync(submitted, { encoding: 'utf8', flag: 'a+' }) === 'fix the bug\n');
    // One more Enter, not a stream of them: the box is empty again and nothing else went in.
    await new Promise((r) => setTimeout(r, 300));
    expect(readFileSync(submitted, 'utf8')).toBe('fix the bug\n');
  });
});
