import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import claude from '../../../adapters/claude/index.js';
import codex from '../../../adapters/codex/index.js';
import gemini from '../../../adapters/gemini/index.js';
import { parseOpenCodeHook } from '../../../adapters/opencode/events.js';
import type { ApprovalRequestInput, HookEvent } from '../../../src/core/adapter.js';
import type { ApprovalFileDiff, ApprovalInfo } from '../../../src/core/protocol.js';
import { normalizeRequest } from '../../../src/supervisor/approvals/request-paths.js';
import { requestDetail } from '../../../src/supervisor/approvals/request-detail.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-detail-'));
  fs.writeFileSync(path.join(dir, 'a.txt'), 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n');
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'src', 'b.ts'), 'const x = 1;\nconst y = 2;\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** As the supervisor does: the adapter's request, its cwd filled in from the agent's when the CLI sent none, normalised. */
function request(event: HookEvent, cwd = dir): ApprovalInfo {
  if (event.kind !== 'permission') throw new Error(`not a permission: ${event.kind}`);
  const input: ApprovalRequestInput = normalizeRequest({ ...event.request, cwd: event.request.cwd ?? cwd });
  return { ...input, id: 'r1', agentId: 'a1', createdAt: '', deadlineAt: '' };
}

/** A file's diff as `git diff` prints hunks: header then lines. */
function text(f: ApprovalFileDiff): string {
  return [`${f.status} ${f.path}${f.note ? ` (${f.note})` : ''}`, ...f.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines])].join('\n');
}

const AFTER_EDIT_OF_FIVE = ['modified a.txt', '@@ -2,7 +2,7 @@', ' two', ' three', ' four', '-five', '+FIVE', ' six', ' seven', ' eight'].join('\n');

describe('request detail: each CLI edit format → the diff of disk against after the edit, files named alike', () => {
  it('Claude Edit (absolute path inside the cwd) → relative path, a few lines of context with line numbers', async () => {
    const r = request(claude.parseHook!('PreToolUse', { cwd: dir, tool_name: 'Edit', tool_input: { file_path: path.join(dir, 'a.txt'), old_string: 'five', new_string: 'FIVE' } }));
    expect(r.file).toBe('a.txt');
    expect(r.summary).toBe('edit a.txt');
    const d = await requestDetail(r);
    expect(d.files.map(text)).toEqual([AFTER_EDIT_OF_FIVE]);
  });

  it('Claude MultiEdit applies every edit in order; Write of a new file shows as added; a path outside the cwd stays absolute', async () => {
    const multi = request(
      claude.parseHook!('PreToolUse', {
        cwd: dir,
        tool_name: 'MultiEdit',
        tool_input: { file_path: path.join(dir, 'src/b.ts'), edits: [{ old_string: 'x = 1', new_string: 'x = 10' }, { old_string: 'y = 2', new_string: 'y = 20' }] },
      }),
    );
    expect(multi.file).toBe(path.join('src', 'b.ts'));
    expect((await requestDetail(multi)).files.map(text)).toEqual([['modified src/b.ts', '@@ -1,2 +1,2 @@', '-const x = 1;', '-const y = 2;', '+const x = 10;', '+const y = 20;'].join('\n')]);

    const write = request(claude.parseHook!('PreToolUse', { cwd: dir, tool_name: 'Write', tool_input: { file_path: path.join(dir, 'new.md'), content: '# hi\nthere\n' } }));
    expect(write.summary).toBe('write new.md');
    expect((await requestDetail(write)).files.map(text)).toEqual([['added new.md', '@@ -0,0 +1,2 @@', '+# hi', '+there'].join('\n')]);

    const outside = request(claude.parseHook!('PreToolUse', { cwd: dir, tool_name: 'Write', tool_input: { file_path: '/etc/paseo-test-nothing', content: 'x\n' } }));
    expect(outside.file).toBe('/etc/paseo-test-nothing');
  });

  it('Codex apply_patch: add, update and delete in one patch, summarised by its files, each diffed against disk', async () => {
    const patch = [
      '*** Begin Patch',
      '*** Add File: docs/new.txt',
      '+hello',
      '+world',
      '*** Update File: a.txt',
      '@@',
      ' four',
      '-five',
      '+FIVE',
      ' six',
      '*** Delete File: src/b.ts',
      '*** End Patch',
    ].join('\n');
    const r = request(codex.parseHook!('PreToolUse', { session_id: 's', turn_id: 't', cwd: dir, tool_name: 'apply_patch', tool_input: { command: patch } }));
    expect(r.summary).toBe(`patch docs/new.txt, a.txt, ${path.join('src', 'b.ts')}`);
    expect(r.files).toEqual(['docs/new.txt', 'a.txt', path.join('src', 'b.ts')]);
    const d = await requestDetail(r);
    expect(d.command).toBeUndefined();
    expect(d.files.map(text)).toEqual([
      ['added docs/new.txt', '@@ -0,0 +1,2 @@', '+hello', '+world'].join('\n'),
      AFTER_EDIT_OF_FIVE,
      ['deleted src/b.ts', '@@ -1,2 +0,0 @@', '-const x = 1;', '-const y = 2;'].join('\n'),
    ]);
  });

  it('Codex apply_patch run as a shell heredoc is still a patch (summary names the file, not "$ apply_patch")', async () => {
    const cmd = "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: a.txt\n@@\n-ten\n+TEN\n*** End Patch\nEOF";
    const r = request(codex.parseHook!('PreToolUse', { session_id: 's', turn_id: 't', cwd: dir, tool_name: 'Bash', tool_input: { command: cmd } }));
    expect(r.summary).toBe('patch a.txt');
    const [f] = (await requestDetail(r)).files;
    expect(f!.hunks[0]!.lines).toEqual([' seven', ' eight', ' nine', '-ten', '+TEN']);
  });

  it('Gemini replace and write_file (paths relative to the cwd)', async () => {
    const r = request(gemini.parseHook!('BeforeTool', { cwd: dir, tool_name: 'replace', tool_input: { file_path: 'a.txt', old_string: 'five', new_string: 'FIVE' } }));
    expect(r.file).toBe('a.txt');
    expect((await requestDetail(r)).files.map(text)).toEqual([AFTER_EDIT_OF_FIVE]);
    const abs = request(gemini.parseHook!('BeforeTool', { cwd: dir, tool_name: 'write_file', tool_input: { file_path: path.join(dir, 'src', 'b.ts'), content: 'const x = 1;\n' } }));
    expect(abs.file).toBe(path.join('src', 'b.ts'));
    expect((await requestDetail(abs)).files.map(text)).toEqual([['modified src/b.ts', '@@ -1,2 +1,1 @@', ' const x = 1;', '-const y = 2;'].join('\n')]);
  });

  it('OpenCode edit (its own input, replaceAll) and write, without a cwd of its own', async () => {
    const asked = (id: string, permission: string, toolName: string, input: unknown) => ({ id, sessionID: 's', permission, patterns: [], metadata: {}, toolName, input });
    const r = request(parseOpenCodeHook('permission.asked', asked('per_1', 'edit', 'edit', { filePath: path.join(dir, 'a.txt'), oldString: 'e', newString: 'E', replaceAll: true })));
    expect(r.file).toBe('a.txt');
    const [f] = (await requestDetail(r)).files;
    expect(f!.hunks.flatMap((h) => h.lines).filter((l) => l.startsWith('+'))).toEqual(['+onE', '+thrEE', '+fivE', '+sEvEn', '+Eight', '+ninE', '+tEn']);
    const w = request(parseOpenCodeHook('permission.asked', asked('per_2', 'edit', 'write', { filePath: 'src/c.ts', content: 'x\n' })));
    expect((await requestDetail(w)).files.map(text)).toEqual([['added src/c.ts', '@@ -0,0 +1,1 @@', '+x'].join('\n')]);
  });

  it('an edit whose old text is not on disk shows its own text with a note; a shell command shows command and cwd', async () => {
    const r = request(claude.parseHook!('PreToolUse', { cwd: dir, tool_name: 'Edit', tool_input: { file_path: path.join(dir, 'a.txt'), old_string: 'absent', new_string: 'present' } }));
    const [f] = (await requestDetail(r)).files;
    expect(f!.note).toMatch(/not in a.txt on disk/);
    expect(f!.hunks[0]!.lines).toEqual(['-absent', '+present']);
    const sh = request(claude.parseHook!('PreToolUse', { cwd: dir, tool_name: 'Bash', tool_input: { command: 'git push origin main\x1b]0;pwned\x07' } }));
    expect(sh.summary).toBe('$ git push origin main');
    const d = await requestDetail(sh);
    expect(d).toMatchObject({ command: 'git push origin main', cwd: dir, files: [] });
  });
});
