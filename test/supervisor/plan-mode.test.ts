// Plan mode refuses writes whoever would approve them: file-changing tools, and shell commands not plainly read-only.
import { describe, expect, it } from 'vitest';
import type { ApprovalRequestInput } from '../../src/core/adapter.js';
import { evaluatePolicy } from '../../src/supervisor/approvals/policy-engine.js';
import { buildRuleSet } from '../../src/supervisor/approvals/rule-store.js';
import { PLAN_MODE_REFUSAL, readOnlyCommand } from '../../src/supervisor/plan-mode.js';
import { claudeSettings } from '../../adapters/claude/settings.js';
import type { LaunchContext } from '../../src/core/adapter.js';

/** What the policy (the default rules, a plan-mode agent) says of a request: refused by the mode, or not. */
const rules = buildRuleSet({ rules: [], defaults: true }).rules;
function planModeRefusal(request: ApprovalRequestInput): string | undefined {
  const d = evaluatePolicy(rules, request, { cwd: '/p', mode: 'plan' });
  return d.action === 'deny' && d.by === 'mode' ? PLAN_MODE_REFUSAL : undefined;
}

describe('plan mode', () => {
  it('refuses every file-changing tool, in each CLI\'s spelling', () => {
    for (const tool of ['Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'apply_patch', 'write_file', 'replace', 'write', 'edit']) {
      expect(planModeRefusal({ tool, file: '/p/f.txt' }), tool).toBe(PLAN_MODE_REFUSAL);
    }
    expect(PLAN_MODE_REFUSAL).toBe('plan mode: no writes');
  });

  it('lets read-only shell commands the rules allow run, and refuses the rest', () => {
    for (const command of ['ls -la', 'cat a.txt | grep x', 'git status && git log --oneline -3', 'find . -name "*.ts"', 'rg foo 2>/dev/null', 'sed -n 1,5p f', 'wc -l f 2>&1', 'rg "foo|bar" src', "grep '>' notes.md"]) {
      expect(readOnlyCommand(command), command).toBe(true);
    }
    for (const command of ['ls -la', 'cat a.txt | grep x', 'git status && git log --oneline -3', 'rg "foo|bar" src', "grep '>' notes.md"]) {
      expect(planModeRefusal({ tool: 'Bash', command }), command).toBeUndefined();
    }
    for (const command of ['echo hi > f.txt', 'rm -rf build', 'touch x', 'sed -i s/a/b/ f', 'find . -delete', 'find . -exec rm {} ;', 'git commit -m x', 'ls $(rm x)', 'cat `rm x`', 'npm install', 'ls; rm x', 'echo a >> f', 'tee f', 'xargs rm', 'sed "-i" s/a/b/ f', "find . '-delete'", 'ls $(pwd; rm x)']) {
      expect(readOnlyCommand(command), command).toBe(false);
      for (const tool of ['Bash', 'bash', 'run_shell_command', 'exec_command']) expect(planModeRefusal({ tool, command }), `${tool} ${command}`).toBe(PLAN_MODE_REFUSAL);
    }
    // A shell tool with no command to look at is refused too.
    expect(planModeRefusal({ tool: 'Bash' })).toBe(PLAN_MODE_REFUSAL);
  });

  it('leaves other tools (web fetches, reads, MCP tools) to the rules', () => {
    expect(planModeRefusal({ tool: 'mcp__paseo__create_agent' })).toBeUndefined();
    expect(planModeRefusal({ tool: 'webfetch', command: 'https://example.com' })).toBeUndefined();
    expect(planModeRefusal({ tool: 'Read', file: '/p/f.txt' })).toBeUndefined();
  });
});

describe('Claude settings per mode', () => {
  const ctx = (mode: LaunchContext['mode']) =>
    ({ agentId: 'a1', cwd: '/p', mode, agentDir: '/tmp/x', env: {}, hook: { url: 'http://127.0.0.1:1/hooks/a1', secret: 's', relayCommand: ['paseo', 'hook'] } }) as LaunchContext;

  it('full-access pre-accepts the "Bypass Permissions" warning (its default answer is "No, exit"); no other mode does', () => {
    expect(claudeSettings(ctx('full-access')).skipDangerousModePermissionPrompt).toBe(true);
    for (const mode of ['default', 'accept-edits', 'plan'] as const) expect(claudeSettings(ctx(mode)).skipDangerousModePermissionPrompt).toBeUndefined();
  });
});
