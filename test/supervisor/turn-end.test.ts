// An agent whose CLI signals its turn end (hook, event stream): the screen never ends a turn paseo started; the
// signal does, once the settled screen shows the answer and no spinner. A pending approval wins over the signal.
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentAdapter, HookEvent, ScreenState } from '../../src/core/adapter.js';
import type { AgentRecord, AgentStatus } from '../../src/core/agent.js';
import { Status } from '../../src/core/constants.js';
import type { HookCall } from '../../src/core/api.js';
import { AgentSession } from '../../src/supervisor/agent-session.js';
import { ApprovalBroker } from '../../src/supervisor/approval-broker.js';
import { handleHookCall } from '../../src/supervisor/handle-hook-call.js';
import { askingPolicy } from './helpers/hook-deps.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { posingTerminal, type PosingTerminal } from './helpers/posing-terminal.js';

/** Screen rules of a made-up CLI: "working…" = busy, "Allow?" = waiting, its "> " box = idle. */
function detect(text: string): ScreenState {
  if (/Allow\?/.test(text)) return 'waiting';
  if (/working…/.test(text)) return 'busy';
  if (/^>$/m.test(text)) return 'idle';
  return 'unknown';
}

function adapter(turnEndSignal: boolean): AgentAdapter {
  return {
    name: 'fakecli',
    displayName: 'Fake CLI',
    models: [],
    modes: ['default', 'plan'],
    detectInstall: async () => ({ installed: true }),
    launch: async () => ({ file: 'x', args: [], env: {}, promptDelivery: 'typed' }),
    encodePrompt: (t: string) => [t, '\r'],
    interruptKeys: '\x1b',
    createStateDetector: () => ({ detect: ({ view }) => detect(view.lines().join('\n')) }),
    parseHook: (name: string, payload: unknown): HookEvent => {
      const p = payload as { answer?: string; command?: string };
      if (name === 'Start') return { kind: 'turn-start' };
      if (name === 'Stop') return { kind: 'turn-end', ...(p.answer ? { answer: p.answer } : {}) };
      if (name === 'Ask') return { kind: 'permission', request: { tool: 'Bash', command: p.command ?? 'rm -rf x' } };
      return { kind: 'ignored' };
    },
    supportsResume: false,
    turnEndSignal,
  } as AgentAdapter;
}

const open: Array<{ session: AgentSession; t: PosingTerminal; broker: ApprovalBroker }> = [];
afterEach(() => {
  for (const o of open.splice(0)) {
    o.session.dispose();
    o.t.dispose();
    o.broker.dispose();
  }
});

function rig(turnEndSignal = true, mode: AgentRecord['mode'] = 'default') {
  const now = new Date().toISOString();
  const record: AgentRecord = { id: 'a1', title: 't', provider: 'fakecli', mode, cwd: '/proj', status: 'starting', cols: 60, rows: 8, createdAt: now, updatedAt: now };
  const statuses: AgentStatus[] = [];
  const session = new AgentSession(record, {
    onRecord: (r) => statuses.push(r.status),
    saveScreen: async () => {},
    onExit: () => {},
    scrollbackLines: 100,
    restoreScreen: () => new HeadlessScreen({ cols: 60, rows: 8 }),
  });
  // The "program" echoes typed text; Enter shows its spinner.
  const t = posingTerminal({ cols: 60, rows: 8 }, (d, screen) => void setTimeout(() => screen.write(d === '\r' ? '\r\nworking…\r\n' : d), 5));
  // Keys typed by a user go nowhere here; only what the session makes of them matters.
  Object.defineProperty(t.term, 'input', { value: () => {} });
  const a = adapter(turnEndSignal);
  session.attachTerminal(t.term, a, undefined);
  session.dispatch({ kind: 'spawned', pid: 4242 });
  const broker = new ApprovalBroker(60_000);
  open.push({ session, t, broker });
  const policy = askingPolicy(session.id);
  const hook = (event: string, payload: unknown = {}): Promise<unknown> =>
    handleHookCall(
      { session: () => session, secret: () => 's', adapter: async () => a, approvals: broker, policy },
      { agentId: 'a1', secret: 's', event, payload } as HookCall,
    );
  return { session, t, statuses, hook, broker };
}

/** Lets the detector run on what the screen shows now (settle debounce and quiet check, with margin). */
const settle = () => new Promise((r) => setTimeout(r, Status.QUIET_IDLE_MS + Status.DETECT_DEBOUNCE_MS + 100));

/** The program's (deferred) echo of the Enter has been drawn. */
const echoed = () => new Promise((r) => setTimeout(r, 50));

/** Clears the screen and draws `text` (the CLI redrawing). */
function draw(t: PosingTerminal, text: string): void {
  t.screen.write(`\x1b[2J\x1b[H${text.replace(/\n/g, '\r\n')}`);
}

async function started(r: ReturnType<typeof rig>): Promise<void> {
  draw(r.t, '> ');
  await settle();
  expect(r.session.record.status).toBe('idle');
  await r.session.send('hello');
  await echoed();
  await r.hook('Start');
  expect(r.session.record.status).toBe('running');
}

describe('turn end for a CLI with a turn-end signal', () => {
  it('an idle-looking screen after the prompt does not end the turn (without the signal, it does)', async () => {
    const r = rig();
    await started(r);
    draw(r.t, 'hello\n> ');
    await settle();
    expect(r.session.record.status).toBe('running');

    // The same screen ends the turn of a CLI without such a signal: the old rule, kept for those.
    const plain = rig(false);
    draw(plain.t, '> ');
    await settle();
    await plain.session.send('hello');
    await echoed();
    draw(plain.t, 'hello\n> ');
    await settle();
    expect(plain.session.record.status).toBe('idle');
  });

  it('the signal ends the turn only once the settled screen shows the answer and no spinner', async () => {
    const r = rig();
    await started(r);
    await r.hook('Stop', { answer: 'The answer\nis **forty-two**.' });
    // Still the spinner, no answer: not over.
    await settle();
    expect(r.session.record.status).toBe('running');
    // Spinner gone but the answer not drawn yet (a slow screen): still not over.
    draw(r.t, 'hello\n> ');
    await settle();
    expect(r.session.record.status).toBe('running');
    // Drawn (wrapped, markdown rendered): over.
    draw(r.t, 'hello\n● The answer is forty-\n  two.\n> ');
    await settle();
    expect(r.session.record).toMatchObject({ status: 'idle', attention: 'finished' });
  });

  it('a turn end from the previous turn (no turn start since the prompt) is not this turn\'s end', async () => {
    const r = rig();
    draw(r.t, '> ');
    await settle();
    await r.session.send('hello');
    await echoed();
    await r.hook('Stop', {});
    draw(r.t, 'hello\n> ');
    await settle();
    expect(r.session.record.status).toBe('running');
  });

  it('a turn end while an approval holds the CLI is dropped and leaves the request pending: the permission wins', async () => {
    const r = rig();
    await started(r);
    const asked = r.hook('Ask', { command: 'touch x' });
    await new Promise((res) => setTimeout(res, 20));
    expect(r.session.record.status).toBe('waiting');
    await r.hook('Stop', {});
    draw(r.t, 'hello\n> ');
    await settle();
    expect(r.session.record.status).toBe('waiting');
    expect(r.broker.list()).toHaveLength(1);
    r.broker.decideOrThrow(r.broker.list()[0]!.id, { behavior: 'allow' });
    await asked;
  });

  it('a permission asked after the signal, before the screen confirmed it, wins', async () => {
    const r = rig();
    await started(r);
    const from = r.statuses.length;
    await r.hook('Stop', {});
    const asked = r.hook('Ask', { command: 'touch y' });
    draw(r.t, 'hello\n> ');
    await settle();
    expect(r.session.record.status).toBe('waiting');
    expect(r.statuses.slice(from)).not.toContain('idle');
    r.broker.decideOrThrow(r.broker.list()[0]!.id, { behavior: 'deny', message: 'no' });
    await asked;
  });

  it('an interrupt key typed by the user lets the screen end the turn (no signal comes for an interrupt)', async () => {
    const r = rig();
    await started(r);
    r.session.writeInput('\x1b');
    draw(r.t, 'hello\nInterrupted\n> ');
    await settle();
    expect(r.session.record.status).toBe('idle');
  });

  it('plan mode refuses a write without asking anyone, whoever would approve it', async () => {
    const r = rig(true, 'plan');
    await started(r);
    const reply = (await r.hook('Ask', { command: 'echo hi > f.txt' })) as { body: unknown };
    expect(reply.body).toEqual({ behavior: 'deny', message: 'plan mode: no writes' });
    expect(r.broker.list()).toEqual([]);
    // Plan mode runs only read-only commands the rules allow (this rig's policy has none): refused, not queued either.
    expect(((await r.hook('Ask', { command: 'ls -la' })) as { body: unknown }).body).toEqual({ behavior: 'deny', message: 'plan mode: no writes' });
    expect(r.broker.list()).toEqual([]);
  });
});
