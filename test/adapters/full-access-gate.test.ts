// Full-access asks nothing and accept-edits no edit, but deny rules still deny: every hooked CLI keeps paseo's gate in
// those modes (the policy answers allow at once for anything no deny rule stops).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LaunchContext } from '../../src/core/adapter.js';
import { claudeSettings, gatedTools } from '../../adapters/claude/settings.js';
import codex from '../../adapters/codex/index.js';
import gemini from '../../adapters/gemini/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-full-gate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function ctx(mode: LaunchContext['mode'], name: string): LaunchContext {
  const agentDir = path.join(tmp, name);
  fs.mkdirSync(agentDir, { recursive: true });
  return {
    agentId: 'a1', cwd: tmp, mode, agentDir,
    env: { HOME: path.join(tmp, 'home'), PATH: process.env.PATH ?? '' },
    hook: { url: 'http://127.0.0.1:1/hooks/a1', secret: 's', relayCommand: ['paseo', 'hook'] },
  };
}

describe('full-access and accept-edits keep the gate', () => {
  it('Claude: PreToolUse gates the same tools as the default mode, and the bypass warning is still pre-accepted', () => {
    expect(gatedTools('full-access')).toBe(gatedTools('default'));
    expect(gatedTools('accept-edits')).toBe(gatedTools('default'));
    const settings = claudeSettings(ctx('full-access', 'claude')) as { hooks: Record<string, Array<{ matcher?: string }>>; skipDangerousModePermissionPrompt?: boolean };
    expect(settings.hooks.PreToolUse?.[0]?.matcher).toBe('Bash|Write|Edit|MultiEdit|NotebookEdit');
    expect(settings.skipDangerousModePermissionPrompt).toBe(true);
  });

  it.each(['full-access', 'accept-edits'] as const)('Codex %s: PreToolUse holds Bash and apply_patch', async (mode) => {
    const spec = await codex.launch(ctx(mode, `codex-${mode}`));
    const hooksFile = spec.files!.find((f) => f.path.endsWith('hooks.json'))!;
    const hooks = (JSON.parse(hooksFile.content) as { hooks: Record<string, Array<{ matcher?: string }>> }).hooks;
    expect(hooks.PreToolUse?.[0]?.matcher).toBe('Bash|apply_patch');
  });

  it.each(['full-access', 'accept-edits'] as const)('Gemini %s: BeforeTool holds the tools that change something', async (mode) => {
    const spec = await gemini.launch(ctx(mode, `gemini-${mode}`));
    const settings = JSON.parse(spec.files!.find((f) => f.path.endsWith('settings.json'))!.content) as { hooks: Record<string, Array<{ matcher?: string }>> };
    expect(settings.hooks.BeforeTool?.[0]?.matcher).toContain('run_shell_command');
    expect(settings.hooks.BeforeTool?.[0]?.matcher).toContain('write_file');
  });
});
