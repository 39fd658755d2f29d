// The policy wired into the hook path: an auto-allowed request is audited as a rule decision; a decision is bound to
// the content it was shown; an ask that waits past its rule's timeout is denied, always before the CLI's hook deadline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentAdapter } from '../../../src/core/adapter.js';
import { Adapters, Approval } from '../../../src/core/constants.js';
import { PaseoError } from '../../../src/core/errors.js';
import { ApprovalBroker } from '../../../src/supervisor/approval-broker.js';
import { ApprovalPolicy, ruleFromRequest } from '../../../src/supervisor/approvals/approval-policy.js';
import { readAudit, verifyAudit } from '../../../src/supervisor/approvals/audit-log.js';
import { contentHash } from '../../../src/supervisor/approvals/content-hash.js';
import { handleHookCall } from '../../../src/supervisor/handle-hook-call.js';
import { HOOK_SECRET, hookDeps, nextRequest } from '../helpers/hook-deps.js';

const permAdapter = {
  name: 'permy',
  parseHook: (name: string, payload: { tool?: string; command?: string; file?: string }) =>
    name === 'Perm' ? { kind: 'permission', request: { tool: payload.tool ?? 'Bash', command: payload.command, file: payload.file } } : { kind: 'ignored' },
} as unknown as AgentAdapter;

const homes: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});
function home(config?: unknown): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-policy-'));
  homes.push(h);
  if (config !== undefined) fs.writeFileSync(path.join(h, 'config.json'), JSON.stringify(config));
  return h;
}

function setup(config?: unknown) {
  const h = home(config);
  const { deps, session, broker } = hookDeps(permAdapter);
  const policy = new ApprovalPolicy(h, { subject: (id) => (id === 'a1' ? { agentId: 'a1', provider: 'permy', cwd: '/proj' } : undefined) });
  policy.watch(broker);
  deps.policy = policy;
  const hook = (payload: object) => handleHookCall(deps, { agentId: 'a1', secret: HOOK_SECRET, event: 'Perm', payload });
  return { h, deps, session, broker, policy, hook };
}

describe('policy in the hook path', () => {
  it('a request the default rules allow never enters the queue and is audited as a rule decision', async () => {
    const { h, broker, policy, hook } = setup();
    const added: string[] = [];
    broker.onDidChange((c) => c.kind === 'added' && added.push(c.requestId));
    const reply = await hook({ command: 'ls -la' });
    expect(reply.body).toEqual({ behavior: 'allow' });
    expect(added).toEqual([]);
    await policy.audit.flush();
    const [line] = readAudit(h);
    expect(line).toMatchObject({
      kind: 'decision',
      agentId: 'a1',
      tool: 'Bash',
      outcome: 'allow',
      summary: '$ ls -la',
      how: { by: 'rule', rule: 'default read-only-commands', source: 'default' },
      contentHash: contentHash('a1', { tool: 'Bash', command: 'ls -la', cwd: '/proj' }),
    });
    expect((line!.how as { position: number }).position).toBeGreaterThan(0);
  });

  it('a deny rule answers at once with its reason, audited; a human decision is audited with its client', async () => {
    const { h, broker, policy, hook } = setup({ approvals: { rules: [{ tool: 'Bash', command: 'rm *', action: 'deny' }] } });
    const denied = await hook({ command: 'echo ok && rm -rf /' });
    expect(denied.body).toMatchObject({ behavior: 'deny', message: expect.stringContaining('config #1') });
    const pending = hook({ command: 'git push origin main' });
    const id = await nextRequest(broker);
    broker.decideOrThrow(id, { behavior: 'deny', message: 'not today' }, { actor: { kind: 'tui', label: 'laptop' } });
    expect((await pending).body).toEqual({ behavior: 'deny', message: 'not today' });
    await policy.audit.flush();
    const lines = readAudit(h);
    expect(lines.map((l) => [l.kind, l.outcome, l.how?.by])).toEqual([
      ['decision', 'deny', 'rule'],
      ['request', undefined, undefined],
      ['decision', 'deny', 'human'],
    ]);
    expect(lines[2]).toMatchObject({ requestId: id, how: { by: 'human', client: { kind: 'tui', label: 'laptop' } }, message: 'not today' });
    expect(verifyAudit(h).ok).toBe(true);
  });

  it('an ask waiting past its rule timeout is denied with a message saying so, never allowed', async () => {
    vi.useFakeTimers();
    const { broker, hook } = setup({ approvals: { rules: [{ tool: 'Bash', command: 'make', action: 'ask', timeoutSeconds: 30 }] } });
    const reply = hook({ command: 'make deploy' });
    await vi.advanceTimersByTimeAsync(0);
    expect(broker.list()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(broker.list()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await reply).body).toEqual({ behavior: 'deny', message: 'denied: no decision within 30s (the timeout of config #1)' });
  });

  it('with no rule timeout, the deny comes before the relay and the CLI give up (hook deadline less the relay margin)', async () => {
    vi.useFakeTimers();
    const hookDeadlineMs = Adapters.APPROVAL_HOOK_TIMEOUT_S * 1000 - Adapters.RELAY_MARGIN_MS;
    expect(Approval.DECIDE_TIMEOUT_MS).toBeLessThan(hookDeadlineMs);
    const broker = new ApprovalBroker();
    let settled: unknown;
    void broker.request('a1', { tool: 'Bash', command: 'make' }).decision.then((d) => (settled = d));
    // A rule cannot stretch the wait past the default either.
    void broker.request('a1', { tool: 'Bash', command: 'make' }, { timeoutMs: 10 * hookDeadlineMs }).decision.then((d) => (settled = d));
    await vi.advanceTimersByTimeAsync(Approval.DECIDE_TIMEOUT_MS - 1);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(broker.list()).toEqual([]);
    expect(settled).toEqual({ behavior: 'deny', message: expect.stringMatching(/^denied: no decision within 59m 30s/) });
  });

  it('a timeout is audited as such', async () => {
    vi.useFakeTimers();
    const { h, policy, hook } = setup({ approvals: { rules: [{ command: 'make', action: 'ask', timeoutSeconds: 5 }] } });
    const reply = hook({ command: 'make' });
    await vi.advanceTimersByTimeAsync(5_000);
    await reply;
    vi.useRealTimers();
    await policy.audit.flush();
    expect(readAudit(h).at(-1)).toMatchObject({ kind: 'decision', outcome: 'deny', how: { by: 'timeout', seconds: 5 } });
  });
});

describe('rules in force', () => {
  it('are re-read when config.json changes: the next request follows the edit', async () => {
    const { h, hook } = setup();
    expect((await hook({ command: 'ls' })).body).toEqual({ behavior: 'allow' });
    fs.writeFileSync(path.join(h, 'config.json'), JSON.stringify({ approvals: { rules: [{ tool: 'Bash', command: 'ls', action: 'deny' }] } }));
    expect((await hook({ command: 'ls' })).body).toMatchObject({ behavior: 'deny' });
  });
});

describe('content binding', () => {
  it('the hash covers agent, tool and canonical input (key order does not matter)', () => {
    const a = contentHash('a1', { tool: 'Bash', command: 'ls', cwd: '/p', raw: { command: 'ls', x: 1 } });
    expect(contentHash('a1', { cwd: '/p', raw: { x: 1, command: 'ls' }, command: 'ls', tool: 'Bash' })).toBe(a);
    expect(contentHash('a2', { tool: 'Bash', command: 'ls', cwd: '/p', raw: { command: 'ls', x: 1 } })).not.toBe(a);
    expect(contentHash('a1', { tool: 'bash', command: 'ls', cwd: '/p', raw: { command: 'ls', x: 1 } })).not.toBe(a);
    expect(contentHash('a1', { tool: 'Bash', command: 'ls -a', cwd: '/p', raw: { command: 'ls', x: 1 } })).not.toBe(a);
    expect(contentHash('a1', { tool: 'Bash', command: 'ls', cwd: '/p', raw: { command: 'ls', x: 2 } })).not.toBe(a);
  });

  it('a decision names the content it was shown: another hash is refused and the request stays pending', () => {
    const broker = new ApprovalBroker(60_000);
    const first = broker.request('a1', { tool: 'Bash', command: 'git push' });
    const changed = broker.request('a1', { tool: 'Bash', command: 'git push --force' });
    const shown = broker.get(first.id)!.contentHash;
    // A request whose content changed is a new request, with its own hash.
    expect(broker.get(changed.id)!.contentHash).not.toBe(shown);
    let err: unknown;
    try {
      broker.decideOrThrow(changed.id, { behavior: 'allow' }, { contentHash: shown });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PaseoError);
    expect((err as PaseoError).code).toBe('invalid_state');
    expect(broker.get(changed.id)).toBeDefined();
    broker.decideOrThrow(first.id, { behavior: 'allow' }, { contentHash: shown });
    expect(broker.get(first.id)).toBeUndefined();
    broker.dispose();
  });

  it('"allow always" builds its rule from the shown content, scoped, and refuses content that changed', async () => {
    expect(ruleFromRequest({ tool: 'Bash', command: 'npm test -- --watch && git log -3' })).toEqual({ tool: 'Bash', command: ['npm test', 'git log'], action: 'allow' });
    expect(ruleFromRequest({ tool: 'Edit', file: 'src/a.ts', files: ['src/a.ts'] })).toEqual({ tool: 'Edit', path: 'src/a.ts', action: 'allow' });
    const { h, broker, policy, hook } = setup();
    void hook({ command: 'npm test -- --watch' });
    const id = await nextRequest(broker);
    const shown = broker.get(id)!;
    await expect(policy.addRule({ requestId: id, scope: 'project', contentHash: 'f'.repeat(64) }, (x) => broker.get(x))).rejects.toMatchObject({ code: 'invalid_state' });
    const added = await policy.addRule({ requestId: id, scope: 'project', contentHash: shown.contentHash }, (x) => broker.get(x));
    expect(added).toMatchObject({ source: 'config', label: 'config #1', rule: { tool: 'Bash', command: 'npm test', cwd: '/proj', action: 'allow' } });
    const saved = JSON.parse(fs.readFileSync(path.join(h, 'config.json'), 'utf8')) as { approvals: { rules: unknown[] } };
    expect(saved.approvals.rules).toEqual([{ tool: 'Bash', command: 'npm test', cwd: '/proj', action: 'allow' }]);
    // The next such request is allowed by it, without a person.
    expect((await hook({ command: 'npm test -- src/x.test.ts' })).body).toEqual({ behavior: 'allow' });
    broker.dispose();
  });
});
