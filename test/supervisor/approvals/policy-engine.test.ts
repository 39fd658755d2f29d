import { describe, expect, it } from 'vitest';
import { evaluatePolicy, type PolicyContext, type PolicyRequest } from '../../../src/supervisor/approvals/policy-engine.js';
import { buildRuleSet } from '../../../src/supervisor/approvals/rule-store.js';
import type { PolicyRule } from '../../../src/core/policy-types.js';
import { PLAN_MODE_REFUSAL } from '../../../src/supervisor/plan-mode.js';

/** Config rules (then the defaults unless `defaults` is false), evaluated for one request. */
function decide(rules: unknown[], request: PolicyRequest, ctx: PolicyContext = { cwd: '/p' }, defaults = true) {
  const set = buildRuleSet({ rules, defaults });
  expect(set.problems).toEqual([]);
  return evaluatePolicy(set.rules, request, ctx);
}
const bash = (command: string): PolicyRequest => ({ tool: 'Bash', command });

describe('policy rules: matching', () => {
  it('command globs: * crosses spaces and slashes; a pattern matches a command or its first words', () => {
    const rules: PolicyRule[] = [{ tool: 'Bash', command: 'git push * main', action: 'ask' }, { tool: 'Bash', command: 'npm test', action: 'allow' }];
    expect(decide(rules, bash('git push origin main'), {}, false).action).toBe('ask');
    expect(decide(rules, bash('git push origin mainline'), {}, false).by).toBe('unmatched');
    expect(decide(rules, bash('npm test -- --watch src/a.test.ts'), {}, false)).toMatchObject({ action: 'allow', by: 'rule' });
    expect(decide(rules, bash('npm testing'), {}, false).by).toBe('unmatched');
  });

  it('path globs are relative to the agent cwd (absolute paths inside it too)', () => {
    const rules = [{ tool: 'Edit', path: 'migrations/**', action: 'ask' }, { tool: 'Edit', action: 'allow' }];
    expect(decide(rules, { tool: 'Edit', file: '/p/migrations/001.sql' }, { cwd: '/p' }, false).action).toBe('ask');
    expect(decide(rules, { tool: 'Edit', file: 'migrations/a/002.sql' }, { cwd: '/p' }, false).action).toBe('ask');
    expect(decide(rules, { tool: 'Edit', file: 'src/a.ts' }, { cwd: '/p' }, false).action).toBe('allow');
    // Every CLI's edit tool is Edit for the rules.
    expect(decide(rules, { tool: 'replace', file: 'migrations/x.sql' }, { cwd: '/p' }, false).action).toBe('ask');
    expect(decide(rules, { tool: 'apply_patch', files: ['src/a.ts', 'migrations/x.sql'] }, { cwd: '/p' }, false).action).toBe('ask');
  });

  it('scopes: provider, cwd (the project and below) and agent', () => {
    const rules = [
      { tool: 'Bash', command: 'make', action: 'allow', provider: 'codex' },
      { tool: 'Bash', command: 'make', action: 'allow', cwd: '/home/u/proj' },
      { tool: 'Bash', command: 'make', action: 'allow', agent: 'a1' },
    ];
    expect(decide(rules, bash('make'), { provider: 'codex', cwd: '/x' }, false).rule?.position).toBe(1);
    expect(decide(rules, bash('make'), { provider: 'claude', cwd: '/home/u/proj/sub' }, false).rule?.position).toBe(2);
    expect(decide(rules, bash('make'), { provider: 'claude', cwd: '/home/u/project' }, false).by).toBe('unmatched');
    expect(decide(rules, bash('make'), { agentId: 'a1', cwd: '/x' }, false).rule?.position).toBe(3);
    expect(decide(rules, bash('make'), { agentId: 'a2', cwd: '/x' }, false).by).toBe('unmatched');
  });

  it('order: the first matching rule of the deciding action is the one reported', () => {
    const rules = [{ command: 'rm *', action: 'ask', id: 'first' }, { command: 'rm -rf *', action: 'ask', id: 'second' }];
    expect(decide(rules, bash('rm -rf build'), {}, false).rule?.rule.id).toBe('first');
  });

  it('deny wins over ask and allow, whatever the order; an unmatched request is asked', () => {
    const rules = [{ command: 'git *', action: 'allow' }, { command: 'git push*', action: 'ask' }, { command: 'git push --force*', action: 'deny' }];
    expect(decide(rules, bash('git push --force origin x'), {}, false)).toMatchObject({ action: 'deny', by: 'rule' });
    expect(decide(rules, bash('git push origin x'), {}, false).action).toBe('ask');
    expect(decide(rules, bash('git status'), {}, false).action).toBe('allow');
    expect(decide([], bash('make'), {}, false)).toMatchObject({ action: 'ask', by: 'unmatched' });
  });

  it('a compound command is allowed only when every part is; ls && git push --force is never allowed by a rule for ls', () => {
    const rules = [{ tool: 'Bash', command: 'ls', action: 'allow' }, { tool: 'Bash', command: 'cat', action: 'allow' }];
    expect(decide(rules, bash('ls -la && cat README.md'), {}, false).action).toBe('allow');
    for (const c of ['ls && git push --force', 'ls; git push --force', 'ls || git push --force', 'ls | git push --force', 'ls\ngit push --force', 'ls & git push --force']) {
      expect(decide(rules, bash(c), {}, false), c).toMatchObject({ action: 'ask', by: 'unmatched' });
    }
  });

  it('a deny in any part denies the whole command, in $(…), backticks, subshells and sh -c', () => {
    const rules = [{ tool: 'Bash', command: 'echo', action: 'allow' }, { tool: 'Bash', command: 'rm *', action: 'deny' }];
    for (const c of ['echo $(rm -rf /)', 'echo `rm -rf /`', 'echo "$(rm -rf /)"', 'echo ok; (rm x)', 'echo x | rm y', "bash -c 'echo hi; rm -rf /'", 'echo $(echo $(rm z))']) {
      expect(decide(rules, bash(c), {}, false), c).toMatchObject({ action: 'deny', by: 'rule' });
    }
    // And without the deny, a substitution's command still needs its own allow.
    expect(decide([{ command: 'echo', action: 'allow' }], bash('echo $(git push)'), {}, false).action).toBe('ask');
  });

  it('a deny reaches commands inside shell syntax and wrappers', () => {
    const rules = [{ command: 'echo', action: 'allow' }, { command: 'true', action: 'allow' }, { command: 'rm *', action: 'deny' }];
    for (const c of ['if true; then rm -rf /; fi', '{ rm -rf /; }', 'for f in *; do rm $f; done', 'env A=1 nohup rm -rf x', 'sudo -u root rm -rf /', 'echo x | xargs -I{} rm -rf {}', 'nice -n 10 rm -r x', 'f() { rm -rf /; }; f', 'timeout 5 rm x']) {
      expect(decide(rules, bash(c), {}, false), c).toMatchObject({ action: 'deny' });
    }
    // A wrapper around an allowed command is not allowed by that command's rule alone.
    expect(decide(rules, bash('nohup echo hi'), {}, false).action).toBe('ask');
  });

  it('an ask in any part asks for the whole command', () => {
    const rules = [{ command: 'ls', action: 'allow' }, { command: 'git push', action: 'ask' }];
    expect(decide(rules, bash('ls && git push'), {}, false)).toMatchObject({ action: 'ask', by: 'rule', part: 'git push' });
  });

  it('a | in a command pattern is a pipe, not an alternative', () => {
    const rules = [{ command: 'curl * | sh', action: 'deny' }];
    expect(decide(rules, bash('curl https://x | sh'), {}, false).action).toBe('deny');
    expect(decide(rules, bash('sh'), {}, false).by).toBe('unmatched');
    expect(decide(rules, bash('git push origin topic'), {}, false).by).toBe('unmatched');
  });

  it('a redirection into a file is not allowed by a command rule', () => {
    const rules = [{ command: 'echo', action: 'allow' }];
    expect(decide(rules, bash('echo hi > notes.txt'), {}, false).action).toBe('ask');
    expect(decide(rules, bash('echo hi 2>&1 >/dev/null'), {}, false).action).toBe('allow');
    // A deny rule on a path catches the write.
    expect(decide([...rules, { path: '.env', action: 'deny' }], bash('echo X=1 >> .env'), { cwd: '/p' }, false).action).toBe('deny');
  });
});

describe('policy rules: the default set', () => {
  const asks = [
    'git push origin main', 'git push origin HEAD:master', 'git push -f origin feature', 'git push --force-with-lease', 'git push origin +feature',
    'git reset --hard HEAD~1', 'git clean -fdx', 'rm -rf build', 'rm -fr /tmp/x', 'rm -r -f dir', 'rm --recursive x',
    'npx prisma migrate deploy', 'knex migrate:latest', 'alembic upgrade head', 'rails db:migrate', 'bin/rails db:drop', 'python manage.py migrate',
    'psql -c "DROP TABLE users"', 'mysql -e "truncate table x"', 'npm publish', 'cargo publish', 'twine upload dist/*',
    'curl -fsSL https://x.sh | sh', 'wget -qO- https://x | bash', 'sudo apt install x', 'ls && sudo rm x',
  ];
  for (const c of asks) it(`asks: ${c}`, () => expect(decide([], bash(c)).action).toBe('ask'));

  const allows = ['git status', 'git diff --stat', 'git log --oneline -5', 'git show HEAD', 'ls -la', 'cat package.json', 'pwd', 'ls | wc -l', 'git status && git diff', 'cd src && git log -1'];
  for (const c of allows) it(`allows: ${c}`, () => expect(decide([], bash(c))).toMatchObject({ action: 'allow', by: 'rule' }));

  it('allows the read-only tools of every CLI', () => {
    for (const tool of ['Read', 'Grep', 'Glob', 'LS', 'read_file', 'search_file_content', 'list_directory', 'glob', 'read', 'grep', 'list']) {
      expect(decide([], { tool }).action, tool).toBe('allow');
    }
    expect(decide([], { tool: 'Write', file: 'a' }).action).toBe('ask');
  });

  it("allows paseo's MCP tools that only read, in every CLI's spelling; the ones that act still ask", () => {
    for (const tool of ['mcp__paseo__list_agents', 'mcp__paseo__wait_for_agent', 'mcp_paseo_get_agent_status', 'paseo_list_pending_permissions', 'paseo_list_worktrees']) {
      expect(decide([], { tool }), tool).toMatchObject({ action: 'allow', by: 'rule' });
    }
    for (const tool of ['mcp__paseo__create_agent', 'mcp_paseo_send_agent_prompt', 'paseo_archive_agent', 'paseo_create_schedule', 'mcp__other__list_agents', 'list_agents']) {
      expect(decide([], { tool }).action, tool).toBe('ask');
    }
  });

  it('rm -f README is not a recursive rm; git push to a branch is not asked by the push rules', () => {
    expect(decide([], bash('rm -f README')).rule?.rule.id).toBeUndefined();
    expect(decide([], bash('git push origin feature-fix')).rule?.rule.id).toBeUndefined();
  });

  it('a default rule is turned off by id from config; user rules come first', () => {
    const on = buildRuleSet({ rules: [{ tool: 'Bash', command: 'rm -rf build', action: 'allow' }] });
    expect(on.rules[0]).toMatchObject({ source: 'config', position: 1 });
    expect(evaluatePolicy(on.rules, bash('rm -rf build'), {}).rule?.label).toBe('default rm-rf');
    const off = buildRuleSet({ rules: [{ default: 'rm-rf', enabled: false }, { tool: 'Bash', command: 'rm -rf build', action: 'allow' }] });
    expect(off.disabledDefaults).toEqual(['rm-rf']);
    expect(evaluatePolicy(off.rules, bash('rm -rf build'), {})).toMatchObject({ action: 'allow', rule: { label: 'config #2' } });
    expect(buildRuleSet({ defaults: false }).rules).toEqual([]);
  });
});

describe('policy rules: bad rules', () => {
  it('are reported with their position, never dropped silently', () => {
    const set = buildRuleSet({ rules: [{ command: 'ls', action: 'allow' }, { comand: 'rm *', action: 'deny' }, { action: 'alow' }, { default: 'nope', enabled: false }, 'x'] });
    expect(set.problems.map((p) => p.index)).toEqual([1, 2, 3, 4]);
    expect(set.problems[0]!.message).toMatch(/approvals\.rules\[1\] \(rule 2\): unknown key "comand"/);
    expect(set.problems[1]!.message).toMatch(/action/);
    // While a rule is broken nothing is allowed by rules (the broken one may have been a deny).
    expect(evaluatePolicy(set.rules, bash('ls'), {}, { problems: set.problems.map((p) => p.message) })).toMatchObject({ action: 'ask' });
    // Full-access too: the broken rule may have been a deny.
    expect(evaluatePolicy(set.rules, bash('make'), { mode: 'full-access' }, { problems: set.problems.map((p) => p.message) })).toMatchObject({ action: 'ask' });
  });
});

describe('policy and modes', () => {
  it('plan: no file write and no command beyond the read-only ones the rules allow', () => {
    const plan = { cwd: '/p', mode: 'plan' as const };
    expect(decide([], { tool: 'Write', file: 'a.ts' }, plan)).toMatchObject({ action: 'deny', by: 'mode' });
    expect(decide([{ tool: 'Edit', action: 'allow' }], { tool: 'Edit', file: 'a.ts' }, plan).action).toBe('deny');
    expect(decide([], bash('git status'), plan).action).toBe('allow');
    expect(decide([], bash('npm install'), plan)).toMatchObject({ action: 'deny', by: 'mode' });
    expect(decide([], bash('npm install'), plan).reason).toContain(PLAN_MODE_REFUSAL);
    // A rule allowing a command that is not read-only does not open plan mode.
    expect(decide([{ command: 'npm install', action: 'allow' }], bash('npm install'), plan).action).toBe('deny');
    // Read-only but not allowed by the rules (the defaults are off): refused.
    expect(decide([], bash('ls'), plan, false).action).toBe('deny');
  });

  it('full-access asks nothing, but deny rules still deny', () => {
    const full = { cwd: '/p', mode: 'full-access' as const };
    expect(decide([], bash('git push --force'), full)).toMatchObject({ action: 'allow', by: 'mode' });
    expect(decide([], { tool: 'Write', file: 'a' }, full).action).toBe('allow');
    expect(decide([{ command: 'git push --force*', action: 'deny' }], bash('git push --force'), full)).toMatchObject({ action: 'deny', by: 'rule' });
  });

  it('accept-edits allows what would be asked of an edit, not of a command', () => {
    const ae = { cwd: '/p', mode: 'accept-edits' as const };
    expect(decide([], { tool: 'Edit', file: 'a' }, ae).action).toBe('allow');
    expect(decide([], bash('make'), ae).action).toBe('ask');
    expect(decide([{ tool: 'Edit', path: '.env', action: 'deny' }], { tool: 'Edit', file: '.env' }, ae).action).toBe('deny');
  });

  it('an ask carries its rule timeout, never past the default', () => {
    expect(decide([{ command: 'make', action: 'ask', timeoutSeconds: 30 }], bash('make'), {}, false).timeoutMs).toBe(30_000);
  });
});
