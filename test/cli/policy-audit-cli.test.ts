// `paseo policy` and `paseo audit` through the built CLI, without a daemon: exit codes, bad rules, the chain check.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaseoSandbox } from '../helpers/paseo-cli.js';
import { AuditLog } from '../../src/supervisor/approvals/audit-log.js';

let sb: PaseoSandbox;
beforeAll(async () => {
  sb = await PaseoSandbox.create();
});
afterAll(async () => {
  await sb.dispose();
});
const config = (value: unknown) => fs.writeFileSync(path.join(sb.home, 'config.json'), JSON.stringify(value));

describe('paseo policy', () => {
  it('test exits 0 allow / 3 ask / 1 deny and names the deciding rule', async () => {
    config({ approvals: { rules: [{ tool: 'Bash', command: 'rm *', action: 'deny' }] } });
    const allow = await sb.run(['policy', 'test', 'git status']);
    expect(allow).toMatchObject({ code: 0 });
    expect(allow.stdout).toMatch(/^allow {2}allowed by default read-only-commands/);
    const ask = await sb.run(['policy', 'test', '--tool', 'Bash', 'ls && git push origin main']);
    expect(ask.code).toBe(3);
    expect(ask.stdout).toContain('default git-push-main');
    expect(ask.stdout).toContain('parts: `ls`, `git push origin main`');
    const deny = await sb.run(['policy', 'test', 'echo $(rm -rf ~)']);
    expect(deny.code).toBe(1);
    expect(deny.stdout).toMatch(/^deny {2}denied by config #1/);
    const edit = await sb.run(['policy', 'test', '--path', 'src/a.ts', '--json']);
    expect(edit.code).toBe(3);
    expect(JSON.parse(edit.stdout)).toMatchObject({ action: 'ask', by: 'unmatched' });
    expect((await sb.run(['policy', 'test', '--mode', 'plan', 'npm install'])).code).toBe(1);
  });

  it('ls lists rules in order with their source; a bad rule is a one-line error with its position', async () => {
    config({ approvals: { rules: [{ tool: 'Edit', path: 'migrations/**', action: 'ask' }, { default: 'sudo', enabled: false }] } });
    const ok = await sb.run(['policy', 'ls']);
    expect(ok.code).toBe(0);
    const lines = ok.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {2}1 {2}ask {4}config #1 .*Edit .*path migrations\/\*\*/);
    expect(lines[1]).toMatch(/^ {2}2 {2}ask {4}default git-push-main/);
    expect(ok.stdout).not.toContain('default sudo ');
    expect(ok.stdout).toContain('off: default sudo');
    const json = JSON.parse((await sb.run(['policy', 'ls', '--json'])).stdout) as { rules: Array<{ source: string; position: number }> };
    expect(json.rules[0]).toMatchObject({ source: 'config', position: 1 });
    config({ approvals: { rules: [{ command: 'ls', action: 'allow' }, { tool: 'Bash', action: 'allw' }] } });
    const bad = await sb.run(['policy', 'ls']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^paseo: config\.json: approvals\.rules\[1\] \(rule 2\): "action" must be allow, ask or deny/)]);
  });
});

describe('paseo audit', () => {
  it('prints the log, filters it, and --verify names the first changed line', async () => {
    const log = new AuditLog(sb.home);
    void log.append({ kind: 'decision', agentId: 'aaaa1111', provider: 'claude', tool: 'Bash', contentHash: 'a'.repeat(64), summary: '$ ls', outcome: 'allow', how: { by: 'rule', rule: 'default read-only-commands', source: 'default', position: 12 } });
    void log.append({ kind: 'request', requestId: 'r1', agentId: 'bbbb2222', provider: 'codex', tool: 'Bash', contentHash: 'b'.repeat(64), summary: '$ git push origin main' });
    void log.append({ kind: 'decision', requestId: 'r1', agentId: 'bbbb2222', provider: 'codex', tool: 'Bash', contentHash: 'b'.repeat(64), summary: '$ git push origin main', outcome: 'deny', how: { by: 'human', client: { kind: 'tui', label: 'laptop' } }, message: 'not on main' });
    await log.close();
    const all = await sb.run(['audit']);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(3);
    expect(all.stdout).toContain('allow by rule default read-only-commands (#12)  $ ls');
    expect(all.stdout).toContain('deny by human (tui laptop)  $ git push origin main  — not on main');
    expect((await sb.run(['audit', '--agent', 'bbbb', '--tail', '1'])).stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse((await sb.run(['audit', '--since', '1h', '--json'])).stdout)).toHaveLength(3);
    expect(await sb.run(['audit', '--verify'])).toMatchObject({ code: 0, stdout: 'audit log intact: 3 lines chained\n' });
    const file = path.join(sb.home, 'audit.log');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('not on main', 'fine'));
    const bad = await sb.run(['audit', '--verify']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('paseo: audit.log line 3 (seq 3): changed: its content does not match its hash\n');
  });
});
