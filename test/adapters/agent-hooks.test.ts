import { describe, expect, it } from 'vitest';
import claude from '../../adapters/claude/index.js';
import codex from '../../adapters/codex/index.js';
import gemini from '../../adapters/gemini/index.js';
import { patchRequest } from '../../adapters/common/tool-request.js';

const base = { session_id: 'sess-1', cwd: '/proj', transcript_path: '/t.jsonl' };

describe('Claude Code hooks', () => {
  it('turns Bash, Write and Edit PreToolUse payloads into approval requests with the exact input', () => {
    expect(claude.parseHook('PreToolUse', { ...base, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf build', description: 'x' } })).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'Bash', command: 'rm -rf build', cwd: '/proj' }),
    });
    expect(claude.parseHook('PreToolUse', { ...base, tool_name: 'Edit', tool_input: { file_path: '/proj/a.txt', old_string: 'hello', new_string: 'goodbye' } })).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'Edit', file: '/proj/a.txt', oldText: 'hello', newText: 'goodbye' }),
    });
    expect(claude.parseHook('PermissionRequest', { ...base, tool_name: 'Write', tool_input: { file_path: '/proj/w.txt', content: 'hi\n' } })).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'Write', file: '/proj/w.txt', content: 'hi\n' }),
      // Its dialog is up in the pane at the same time: a turn end while it is pending means it was answered there.
      answerableInPane: true,
    });
  });

  it('maps status events: prompt submit runs, Stop finishes, SessionStart records the session id', () => {
    expect(claude.parseHook('UserPromptSubmit', { ...base, prompt: 'x' })).toEqual({ kind: 'turn-start' });
    expect(claude.parseHook('Stop', { ...base, stop_hook_active: false })).toEqual({ kind: 'turn-end' });
    // The reply the screen must show before the turn counts as over.
    expect(claude.parseHook('Stop', { ...base, last_assistant_message: 'The answer is 42.' })).toEqual({ kind: 'turn-end', answer: 'The answer is 42.' });
    expect(claude.parseHook('SessionStart', { ...base, source: 'startup' })).toEqual({ kind: 'session', sessionRef: 'sess-1' });
    expect(claude.parseHook('Notification', { ...base, message: 'Claude needs your permission', notification_type: 'permission_prompt' })).toEqual({
      kind: 'notification',
      message: 'Claude needs your permission',
      waiting: true,
    });
  });

  it('replies in the current hookSpecificOutput format, and a missing PreToolUse decision is a deny', () => {
    expect(claude.formatHookReply('PreToolUse', { behavior: 'allow' }).body).toEqual({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow' } });
    expect(claude.formatHookReply('PreToolUse', { behavior: 'deny', message: 'no pushes' }).body).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'no pushes' },
    });
    expect(claude.formatHookReply('PreToolUse', undefined).body).toMatchObject({ hookSpecificOutput: { permissionDecision: 'deny' } });
    expect(claude.formatHookReply('PermissionRequest', { behavior: 'deny', message: 'm' }).body).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: 'm' } },
    });
  });
});

describe('Codex hooks', () => {
  it('reads PermissionRequest for Bash and apply_patch with the patch as old/new text', () => {
    expect(codex.parseHook('PermissionRequest', { ...base, tool_name: 'Bash', tool_input: { command: 'echo hi > /tmp/x' } })).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'Bash', command: 'echo hi > /tmp/x', cwd: '/proj' }),
    });
    const patch = '*** Begin Patch\n*** Update File: a.txt\n@@\n-hello world\n+goodbye world\n*** End Patch';
    expect(codex.parseHook('PreToolUse', { ...base, tool_name: 'apply_patch', tool_input: { command: patch } })).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'apply_patch', file: 'a.txt', oldText: 'hello world', newText: 'goodbye world' }),
    });
  });

  it('never answers PreToolUse with allow (Codex runs the tool and marks the hook failed); allow is {}', () => {
    expect(codex.formatHookReply('PreToolUse', { behavior: 'allow' }).body).toEqual({});
    expect(codex.formatHookReply('PreToolUse', { behavior: 'deny', message: '' }).body).toMatchObject({
      hookSpecificOutput: { permissionDecision: 'deny', permissionDecisionReason: expect.stringMatching(/\S/) },
    });
    expect(codex.formatHookReply('PermissionRequest', { behavior: 'allow' }).body).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } },
    });
    expect(codex.formatHookReply('PermissionRequest', undefined).body).toMatchObject({ hookSpecificOutput: { decision: { behavior: 'deny' } } });
  });
});

describe('Gemini CLI hooks', () => {
  it('BeforeTool becomes a request; deny is {"decision":"deny"}, allow is an empty answer', () => {
    expect(gemini.parseHook('BeforeTool', { ...base, tool_name: 'replace', tool_input: { file_path: '/proj/a', old_string: 'a', new_string: 'b' } })).toEqual({
      kind: 'permission',
      request: expect.objectContaining({ tool: 'replace', file: '/proj/a', oldText: 'a', newText: 'b' }),
    });
    expect(gemini.formatHookReply('BeforeTool', { behavior: 'deny', message: 'nope' }).body).toEqual({ decision: 'deny', reason: 'nope' });
    expect(gemini.formatHookReply('BeforeTool', { behavior: 'allow' }).body).toEqual({});
    expect(gemini.parseHook('AfterAgent', base)).toEqual({ kind: 'turn-end' });
    expect(gemini.parseHook('AfterAgent', { ...base, prompt_response: 'Done.' })).toEqual({ kind: 'turn-end', answer: 'Done.' });
    expect(gemini.parseHook('Notification', { ...base, notification_type: 'ToolPermission', message: 'm' })).toMatchObject({ waiting: true });
  });
});

describe('Codex patch parsing', () => {
  it('an added file carries its full content', () => {
    expect(patchRequest('*** Begin Patch\n*** Add File: p.txt\n+hello\n+world\n*** End Patch')).toMatchObject({ file: 'p.txt', content: 'hello\nworld\n' });
  });
});
