/** OpenCode adapter: event stream → hook calls → HookEvents, decisions → permission replies, launch spec, and the screen detector on recorded screens. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import opencode, { MODE_PERMISSIONS } from '../../adapters/opencode/index.js';
import { OC_EVENTS, OpenCodeEventFilter, diffTexts, formatOpenCodeReply, parseOpenCodeHook, readPermissionReply } from '../../adapters/opencode/events.js';
import type { LaunchContext } from '../../src/core/adapter.js';
import { viewOf } from './screen-view.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/agents/opencode');
const SID = 'ses_main';

// Shapes as opencode 1.18.33 streams them on GET /event (trimmed).
const status = (type: string, sessionID = SID) => ({ type: 'session.status', properties: { sessionID, status: { type } } });
const toolPart = (callID: string, tool: string, input: Record<string, unknown>, state = 'running') => ({
  type: 'message.part.updated',
  properties: { sessionID: SID, part: { type: 'tool', tool, callID, state: { status: state, input } } },
});
const asked = (id: string, permission: string, metadata: Record<string, unknown>, callID: string, patterns: string[] = []) => ({
  type: 'permission.asked',
  properties: { id, sessionID: SID, permission, patterns, metadata, always: [], tool: { messageID: 'msg_1', callID } },
});

describe('OpenCode event filter (what the bridge forwards)', () => {
  it('forwards status changes only, announces the session once, and skips repeats', () => {
    const f = new OpenCodeEventFilter();
    expect(f.accept(status('busy'))).toEqual([
      { event: OC_EVENTS.SESSION, payload: { sessionID: SID }, blocking: false },
      { event: OC_EVENTS.STATUS, payload: { sessionID: SID, status: { type: 'busy' } }, blocking: false },
    ]);
    expect(f.accept(status('busy'))).toEqual([]);
    expect(f.accept({ type: 'session.idle', properties: { sessionID: SID } })).toEqual([]);
    expect(f.accept(status('idle')).map((x) => x.event)).toEqual([OC_EVENTS.STATUS]);
    expect(f.accept({ type: 'server.heartbeat', properties: {} })).toEqual([]);
  });

  it('holds a permission with the tool input it saw streamed, and forwards the next busy after it', () => {
    const f = new OpenCodeEventFilter();
    f.accept(status('busy'));
    expect(f.accept(toolPart('call_1', 'bash', {}, 'pending'))).toEqual([]);
    f.accept(toolPart('call_1', 'bash', { command: 'echo hi > x.txt', description: 'd' }));
    const [fwd] = f.accept(asked('per_1', 'bash', { command: 'echo hi > x.txt' }, 'call_1', ['echo hi > x.txt']));
    expect(fwd).toMatchObject({ event: OC_EVENTS.PERMISSION, blocking: true, payload: { id: 'per_1', toolName: 'bash', input: { command: 'echo hi > x.txt' } } });
    expect(f.accept(status('busy')).map((x) => x.event)).toEqual([OC_EVENTS.STATUS]);
  });

  it('holds an MCP permission asked before its input streamed, and forwards it with the input once it does', () => {
    const holds: string[] = [];
    const f = new OpenCodeEventFilter(undefined, (callID) => holds.push(callID));
    f.accept(toolPart('call_m', 'paseo_create_agent', {}, 'pending'));
    // OpenCode 1.18.33 asks for an MCP tool, then marks its part running with the input.
    expect(f.accept(asked('per_m', 'paseo_create_agent', {}, 'call_m', ['*']))).toEqual([]);
    expect(holds).toEqual(['call_m']);
    const [fwd] = f.accept(toolPart('call_m', 'paseo_create_agent', { title: 'kid', provider: 'shell' }));
    expect(fwd).toMatchObject({ event: OC_EVENTS.PERMISSION, blocking: true, payload: { id: 'per_m', toolName: 'paseo_create_agent', input: { title: 'kid', provider: 'shell' } } });
    expect(f.release('call_m')).toBeUndefined();
    // A tool without arguments: running with `{}` is its input.
    f.accept(asked('per_l', 'paseo_list_agents', {}, 'call_l', ['*']));
    expect(f.accept(toolPart('call_l', 'paseo_list_agents', {}))).toMatchObject([{ payload: { id: 'per_l', toolName: 'paseo_list_agents', input: {} } }]);
  });

  it('a held permission whose input never comes is released without it (the bridge bounds the wait)', () => {
    const f = new OpenCodeEventFilter();
    expect(f.accept(asked('per_x', 'paseo_create_agent', {}, 'call_x', ['*']))).toEqual([]);
    // Caught up again after a reconnect: still one held request.
    expect(f.pending(asked('per_x', 'paseo_create_agent', {}, 'call_x', ['*']).properties)).toEqual([]);
    const released = f.release('call_x')!;
    expect(released).toMatchObject({ event: OC_EVENTS.PERMISSION, blocking: true, payload: { id: 'per_x' } });
    expect(released.payload.input).toBeUndefined();
    expect(f.release('call_x')).toBeUndefined();
  });

  it('ignores the status of subagent (child) sessions', () => {
    const f = new OpenCodeEventFilter(SID);
    f.accept({ type: 'session.created', properties: { sessionID: 'ses_child', info: { id: 'ses_child', parentID: SID } } });
    expect(f.accept(status('busy', 'ses_child'))).toEqual([]);
    expect(f.accept({ type: 'session.error', properties: { sessionID: 'ses_child', error: { name: 'X' } } })).toEqual([]);
    // A resumed session is already known: no session event, only the status.
    expect(f.accept(status('busy')).map((x) => x.event)).toEqual([OC_EVENTS.STATUS]);
  });

  it('catches up on a pending permission listed by GET /permission', () => {
    const f = new OpenCodeEventFilter();
    f.accept(toolPart('call_9', 'edit', { filePath: '/p/a.txt', oldString: 'a', newString: 'b' }));
    expect(f.pending(asked('per_9', 'edit', {}, 'call_9').properties)).toMatchObject([{ blocking: true, payload: { toolName: 'edit', input: { oldString: 'a' } } }]);
  });
});

describe('OpenCode turn end carries the answer', () => {
  it("the idle status carries the turn's last assistant text (not the prompt's), and the hook turns it into the answer", () => {
    const f = new OpenCodeEventFilter();
    const status = (type: string) => f.accept({ type: 'session.status', properties: { sessionID: 'ses_1', status: { type } } });
    status('busy');
    f.accept({ type: 'message.updated', properties: { info: { id: 'msg_u', sessionID: 'ses_1', role: 'user' } } });
    f.accept({ type: 'message.part.updated', properties: { part: { type: 'text', messageID: 'msg_u', text: 'the prompt' } } });
    f.accept({ type: 'message.updated', properties: { info: { id: 'msg_a', sessionID: 'ses_1', role: 'assistant' } } });
    f.accept({ type: 'message.part.updated', properties: { part: { type: 'text', messageID: 'msg_a', text: 'The answer' } } });
    f.accept({ type: 'message.part.updated', properties: { part: { type: 'text', messageID: 'msg_a', text: 'The answer is 42.' } } });
    const idle = status('idle').find((x) => x.event === OC_EVENTS.STATUS)!;
    expect(idle.payload.answer).toBe('The answer is 42.');
    expect(parseOpenCodeHook(OC_EVENTS.STATUS, idle.payload)).toEqual({ kind: 'turn-end', answer: 'The answer is 42.' });
    // The next turn starts with no answer of its own yet.
    status('busy');
    expect(status('idle').find((x) => x.event === OC_EVENTS.STATUS)!.payload.answer).toBeUndefined();
  });
});

describe('OpenCode hook parsing', () => {
  it('turns status into turn start/end and the session into its ref', () => {
    expect(opencode.parseHook(OC_EVENTS.STATUS, { sessionID: SID, status: { type: 'busy' } })).toEqual({ kind: 'turn-start' });
    expect(opencode.parseHook(OC_EVENTS.STATUS, { sessionID: SID, status: { type: 'idle' } })).toEqual({ kind: 'turn-end' });
    expect(opencode.parseHook(OC_EVENTS.SESSION, { sessionID: SID })).toEqual({ kind: 'session', sessionRef: SID });
    expect(opencode.parseHook(OC_EVENTS.ERROR, { error: { name: 'APIError', data: { message: 'overloaded' } } })).toEqual({ kind: 'error', message: 'overloaded' });
    expect(opencode.parseHook(OC_EVENTS.ERROR, { error: { name: 'MessageAbortedError' } })).toEqual({ kind: 'ignored' });
    expect(opencode.parseHook('something.else', {})).toEqual({ kind: 'ignored' });
  });

  it('a bash permission carries the exact command; an edit carries the file and old/new text', () => {
    const bash = { ...asked('per_1', 'bash', { command: 'rm -rf build' }, 'c1', ['rm -rf build']).properties, toolName: 'bash', input: { command: 'rm -rf build', description: 'x' } };
    expect(opencode.parseHook(OC_EVENTS.PERMISSION, bash)).toEqual({ kind: 'permission', request: expect.objectContaining({ tool: 'bash', command: 'rm -rf build' }) });
    const edit = { ...asked('per_2', 'edit', { filepath: '/p/a.txt', diff: '' }, 'c2').properties, toolName: 'edit', input: { filePath: '/p/a.txt', oldString: 'hello', newString: 'goodbye' } };
    expect(opencode.parseHook(OC_EVENTS.PERMISSION, edit)).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'edit', file: '/p/a.txt', oldText: 'hello', newText: 'goodbye' }),
    });
    const write = { ...asked('per_3', 'edit', { filepath: '/p/w.txt' }, 'c3').properties, toolName: 'write', input: { filePath: '/p/w.txt', content: 'hi\n' } };
    expect(opencode.parseHook(OC_EVENTS.PERMISSION, write)).toEqual({ kind: 'permission', request: expect.objectContaining({ tool: 'write', file: '/p/w.txt', content: 'hi\n' }) });
  });

  it('without the streamed tool input it falls back to the metadata: command, or file + text from the diff', () => {
    expect(opencode.parseHook(OC_EVENTS.PERMISSION, asked('per_1', 'bash', { command: 'ls' }, 'c1').properties)).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'bash', command: 'ls' }),
    });
    const diff = 'Index: /p/a.txt\n===\n--- /p/a.txt\n+++ /p/a.txt\n@@ -1,2 +1,2 @@\n-hello there\n+goodbye there\n line2\n';
    expect(opencode.parseHook(OC_EVENTS.PERMISSION, asked('per_2', 'edit', { filepath: '/p/a.txt', diff }, 'c2').properties)).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'edit', file: '/p/a.txt', oldText: 'hello there\nline2\n', newText: 'goodbye there\nline2\n' }),
    });
    expect(diffTexts('@@ -1 +1 @@\n-a\n+b')).toEqual({ oldText: 'a', newText: 'b' });
    expect(opencode.parseHook(OC_EVENTS.PERMISSION, asked('per_3', 'external_directory', {}, 'c3', ['/etc/*']).properties)).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'external_directory', command: '/etc/*' }),
    });
  });

  it("an MCP tool's permission (paseo_create_agent, asked for \"*\") is the call: its name and arguments, no `*` command", () => {
    const args = { title: 'kid', provider: 'shell', initialPrompt: 'echo hi' };
    const mcp = { ...asked('per_4', 'paseo_create_agent', {}, 'c4', ['*']).properties, toolName: 'paseo_create_agent', input: args };
    const parsed = opencode.parseHook(OC_EVENTS.PERMISSION, mcp);
    expect(parsed).toEqual({ kind: 'permission', request: { tool: 'paseo_create_agent', raw: args } });
    // Before the bridge saw the call's input: the tool's name alone.
    expect(opencode.parseHook(OC_EVENTS.PERMISSION, asked('per_5', 'paseo_list_agents', {}, 'c5', ['*']).properties)).toEqual({
      kind: 'permission',
      request: { tool: 'paseo_list_agents', raw: expect.objectContaining({ id: 'per_5' }) },
    });
  });

  it('a permission without an id is malformed (the daemon denies it)', () => {
    expect(() => opencode.parseHook(OC_EVENTS.PERMISSION, { permission: 'bash' })).toThrow(/id/);
  });
});

describe('OpenCode replies (fail closed)', () => {
  it('allow is "once", deny is "reject" with the message, no decision is a reject', () => {
    expect(opencode.formatHookReply(OC_EVENTS.PERMISSION, { behavior: 'allow' })).toEqual({ status: 200, body: { reply: 'once' } });
    expect(opencode.formatHookReply(OC_EVENTS.PERMISSION, { behavior: 'deny', message: 'no pushes' }).body).toEqual({ reply: 'reject', message: 'no pushes' });
    expect(opencode.formatHookReply(OC_EVENTS.PERMISSION, undefined).body).toMatchObject({ reply: 'reject' });
    expect(formatOpenCodeReply(OC_EVENTS.STATUS, undefined).body).toEqual({});
  });

  it('the bridge rejects anything but a well-formed 200 answer', () => {
    expect(readPermissionReply(200, '{"reply":"once"}')).toEqual({ reply: 'once' });
    expect(readPermissionReply(200, '{"reply":"reject","message":"m"}')).toEqual({ reply: 'reject', message: 'm' });
    expect(readPermissionReply(403, '{"error":"forbidden"}').reply).toBe('reject');
    expect(readPermissionReply(200, 'not json').reply).toBe('reject');
    expect(readPermissionReply(200, '{"reply":"yes"}').reply).toBe('reject');
    expect(readPermissionReply(200, '{}').reply).toBe('reject');
  });
});

describe('OpenCode launch', () => {
  const ctx = (over: Partial<LaunchContext> = {}): LaunchContext => {
    const agentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-oc-launch-'));
    return {
      agentId: 'a1',
      cwd: '/proj',
      mode: 'default',
      agentDir,
      env: { PATH: process.env.PATH ?? '', HOME: '/home/u', OPENCODE_CONFIG: '/home/u/oc.json' },
      hook: { url: 'http://127.0.0.1:9/hooks/a1', secret: 's3cret', relayCommand: ['paseo', 'hook'] },
      ...over,
    };
  };

  it('runs the bridge with opencode after "--"; the secret goes in a 0600 file, never argv; user config env kept', async () => {
    const c = ctx({ model: 'anthropic/claude-sonnet-4-5' });
    const spec = await opencode.launch(c);
    expect(spec.file).toBe(process.execPath);
    const sep = spec.args.indexOf('--');
    expect(spec.args[sep + 1]).toMatch(/opencode$/);
    expect(spec.args.slice(sep + 2)).toEqual(['--model', 'anthropic/claude-sonnet-4-5']);
    expect(spec.args).toContain('http://127.0.0.1:9/hooks/a1');
    expect(spec.args.join(' ')).not.toContain('s3cret');
    expect(spec.files).toEqual([{ path: path.join(c.agentDir, 'hook-secret'), content: 's3cret', mode: 0o600 }]);
    expect(JSON.parse(spec.env.OPENCODE_PERMISSION!)).toEqual(MODE_PERMISSIONS.default);
    expect(spec.env.OPENCODE_CONFIG).toBe('/home/u/oc.json');
    expect(spec.promptDelivery).toBe('none');
  });

  it('maps modes onto OpenCode permissions and agents, and resumes with --session', async () => {
    // Edits go through paseo in accept-edits too: its policy allows them at once unless a deny rule stops one.
    expect(JSON.parse((await opencode.launch(ctx({ mode: 'accept-edits' }))).env.OPENCODE_PERMISSION!)).toMatchObject({ edit: 'ask', bash: 'ask' });
    const plan = await opencode.launch(ctx({ mode: 'plan' }));
    expect(plan.args.slice(plan.args.indexOf('--'))).toEqual(expect.arrayContaining(['--agent', 'plan']));
    expect(JSON.parse(plan.env.OPENCODE_PERMISSION!)).toMatchObject({ edit: 'deny' });
    const full = await opencode.launch(ctx({ mode: 'full-access', env: { PATH: process.env.PATH ?? '', OPENCODE_PERMISSION: '{"bash":"ask"}' } }));
    // Full-access asks paseo too (the policy allows at once unless a deny rule stops it), never `--auto`.
    expect(full.args).not.toContain('--auto');
    expect(JSON.parse(full.env.OPENCODE_PERMISSION!)).toEqual(MODE_PERMISSIONS.default);
    const resumed = await opencode.launch(ctx({ resumeSessionRef: 'ses_abc', prompt: 'hi' }));
    expect(resumed.args.slice(resumed.args.indexOf('--'))).toEqual(expect.arrayContaining(['--session', 'ses_abc']));
    expect(resumed).toMatchObject({ sessionRef: 'ses_abc', promptDelivery: 'typed' });
  });
});

describe("OpenCode asks paseo before paseo's MCP tools", () => {
  it.each(['default', 'accept-edits', 'plan', 'full-access'] as const)('%s mode: every paseo_* tool asks (reaching paseo\'s policy through the bridge)', async (mode) => {
    const agentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-oc-launch-'));
    const mcp = { name: 'paseo', command: 'paseo', args: ['mcp', '--agent', 'a1'], env: { PASEO_AGENT_ID: 'a1' } };
    const spec = await opencode.launch({ agentId: 'a1', cwd: '/proj', mode, agentDir, env: { PATH: process.env.PATH ?? '' }, hook: { url: 'http://127.0.0.1:9/hooks/a1', secret: 's', relayCommand: ['paseo', 'hook'] }, mcp });
    // OpenCode names the server's tools `paseo_<tool>` and matches permission keys as globs.
    expect(JSON.parse(spec.env.OPENCODE_PERMISSION!)).toMatchObject({ 'paseo_*': 'ask' });
    expect(JSON.parse(spec.env.OPENCODE_CONFIG_CONTENT!)).toMatchObject({ mcp: { paseo: { type: 'local' } } });
    fs.rmSync(agentDir, { recursive: true, force: true });
  });
});

describe('OpenCode screen detector (recorded with test/fixtures/agents/record.ts opencode)', () => {
  it.each([
    ['idle', 'idle'],
    ['busy', 'busy'],
    ['waiting', 'waiting'],
  ] as const)('reads the recorded %s screen as %s', async (file, state) => {
    const { view, dispose } = await viewOf(fs.readFileSync(path.join(FIXTURES, `${file}.bytes`)));
    try {
      expect(opencode.createStateDetector().detect({ view, quietMs: 1000 })).toBe(state);
    } finally {
      dispose();
    }
  });
});
