import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalInfo } from '../../src/core/protocol.js';
import { fileDiff } from '../../src/supervisor/approvals/request-detail.js';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.session.restore();
});

/** The harness's clock is 2025-01-01 09:41 local: requests made a little before it. */
const at = (secondsBefore: number) => new Date(new Date(2025, 0, 1, 9, 41).getTime() - secondsBefore * 1000).toISOString();
const inMs = (secondsAfter: number) => new Date(new Date(2025, 0, 1, 9, 41).getTime() + secondsAfter * 1000).toISOString();

function push(): ApprovalInfo {
  return { id: 'req1', agentId: 'a2', agentTitle: 'refactor', provider: 'claude', tool: 'Bash', command: 'git push origin main', cwd: '/home/user/project', summary: '$ git push origin main', createdAt: at(95), deadlineAt: inMs(3500) };
}
function edit(): ApprovalInfo {
  return { id: 'req2', agentId: 'a3', agentTitle: 'tests', provider: 'codex', tool: 'apply_patch', file: 'src/app.ts', files: ['src/app.ts'], cwd: '/home/user/project', summary: 'patch src/app.ts', createdAt: at(20), deadlineAt: inMs(3580) };
}

const BEFORE = ['import x from "x";', '', 'export function main() {', '  const a = 1;', '  const b = 2;', '  return a + b;', '}', '', 'main();', ''].join('\n');
const AFTER = BEFORE.replace('  const b = 2;', '  const b = 40;\n  const c = 2;').replace('return a + b;', 'return a + b + c;');

function api(): FakeApi {
  const fake = new FakeApi();
  fake.addAgent({ id: 'a1', title: 'build', provider: 'shell' });
  fake.addAgent({ id: 'a2', title: 'refactor', provider: 'claude', status: 'waiting', attention: 'permission' });
  fake.addAgent({ id: 'a3', title: 'tests', provider: 'codex', status: 'waiting', attention: 'permission' });
  fake.addApproval(push(), { summary: '$ git push origin main', command: 'git push origin main', cwd: '/home/user/project', files: [] });
  fake.addApproval(edit(), { summary: 'patch src/app.ts', cwd: '/home/user/project', files: [fileDiff('src/app.ts', BEFORE, AFTER)] });
  return fake;
}

async function started(cols = 100, rows = 30, fake = api()): Promise<Harness> {
  const h = startHarness({ cols, rows, api: fake });
  open.push(h);
  await h.settle();
  await h.waitFor((t) => t.includes('2 approvals waiting'), 'the loud approval count');
  return h;
}

describe('approval queue (prefix a) and detail', () => {
  it('frames: the queue oldest first with agent, provider, tool, summary, age and time left; a detail with a coloured diff and line numbers', async () => {
    const h = await started();
    h.stdin.type('\x02a');
    await h.waitFor((t) => t.includes('Approvals (2 pending'), 'the queue');
    await expect(h.stdout.frame()).toMatchFileSnapshot('../../snapshots/tui/approval-queue-100x30.frame.txt');
    const text = h.stdout.text();
    expect(text.indexOf('git push origin main')).toBeLessThan(text.indexOf('patch src/app.ts'));
    expect(text).toMatch(/refactor\s+claude\s+Bash\s+\$ git push origin main\s+1m\s+58m/);

    h.stdin.type('j\r');
    await h.waitFor((t) => t.includes('modified: src/app.ts'), 'the detail');
    await expect(h.stdout.frame()).toMatchFileSnapshot('../../snapshots/tui/approval-detail-diff-100x30.frame.txt');
    // Added and removed lines are coloured (green / red) in the real terminal's cells.
    const buf = h.stdout.term.buffer.active;
    const rowOf = (needle: string) => Array.from({ length: 30 }, (_, y) => y).find((y) => buf.getLine(y)!.translateToString().includes(needle))!;
    const colorAt = (y: number, needle: string) => buf.getLine(y)!.getCell(buf.getLine(y)!.translateToString().indexOf(needle))!.getFgColor();
    expect(colorAt(rowOf('const b = 40;'), 'const b = 40;')).toBe(2);
    expect(colorAt(rowOf('const b = 2;'), 'const b = 2;')).toBe(1);
    expect(h.stdout.text()).toMatch(/5\s+-\s+const b = 2;/);
    expect(h.stdout.text()).toMatch(/5\s+\+\s+const b = 40;/);
  });

  it('a shell request shows its full command wrapped, never cut, and its cwd', async () => {
    const fake = api();
    const long = `git push origin main && ${'echo very-long-argument '.repeat(8)}&& echo THE-END`;
    fake.details.set('req1', { approval: push(), summary: '$ git push', command: long, cwd: '/home/user/project', files: [] });
    const h = await started(60, 24, fake);
    h.stdin.type('\x02a\r');
    await h.waitFor((t) => t.includes('command:'), 'the detail');
    const shown = h.stdout.text().split('\n').map((l) => l.replace(/^[│ ]+|[│ ]+$/g, '')).join('');
    expect(shown.replace(/\s+/g, '')).toContain(long.replace(/\s+/g, ''));
    expect(h.stdout.text()).toContain('cwd: /home/user/project');
  });

  it('y allows, N denies and interrupts, n denies with the typed message (empty = default), each leaving the queue', async () => {
    const h = await started();
    h.stdin.type('\x02a');
    await h.waitFor((t) => t.includes('Approvals (2 pending'), 'the queue');
    h.stdin.type('y');
    await h.waitFor((t) => t.includes('Approvals (1 pending'), 'req1 gone');
    expect(h.api.decisions).toEqual([{ requestId: 'req1', decision: { behavior: 'allow' }, interrupt: false }]);

    h.stdin.type('n');
    await h.waitFor((t) => t.includes('deny with message'), 'the message prompt');
    h.stdin.type('not on main');
    await h.waitFor((t) => t.includes('not on main▏'), 'the typed message');
    h.stdin.type('\r');
    await h.waitFor((t) => t.includes('Approvals (0 pending') && t.includes('no pending approvals'), 'req2 gone');
    expect(h.api.decisions[1]).toEqual({ requestId: 'req2', decision: { behavior: 'deny', message: 'not on main' }, interrupt: false });

    h.api.addApproval({ ...push(), id: 'req3' });
    await h.waitFor((t) => t.includes('Approvals (1 pending'), 'req3 arrives while the queue is open');
    h.stdin.type('N');
    await h.waitFor((t) => t.includes('Approvals (0 pending'), 'req3 gone');
    expect(h.api.decisions[2]).toEqual({ requestId: 'req3', decision: { behavior: 'deny', message: 'denied in paseo' }, interrupt: true });

    h.api.addApproval({ ...push(), id: 'req4' });
    await h.waitFor((t) => t.includes('Approvals (1 pending'), 'req4');
    h.stdin.type('n\r');
    await h.waitFor((t) => t.includes('Approvals (0 pending'), 'req4 gone');
    expect(h.api.decisions[3]!.decision).toEqual({ behavior: 'deny', message: 'denied in paseo' });
  });

  it('A shows the rule it would add, Tab changes its scope, Enter adds it and allows', async () => {
    const h = await started();
    h.stdin.type('\x02a');
    await h.waitFor((t) => t.includes('Approvals (2 pending'), 'the queue');
    h.stdin.type('A');
    await h.waitFor((t) => t.includes('allow always: allow Bash "git push *" for agent a2') && t.includes('scope this agent'), 'the rule for this agent');
    h.stdin.type('\t');
    await h.waitFor((t) => t.includes('scope this project') && t.includes('in /home/user/project'), 'the project scope');
    expect(h.api.rulesAdded).toEqual([]);
    h.stdin.type('\r');
    await h.waitFor((t) => t.includes('Approvals (1 pending'), 'allowed');
    expect(h.api.rulesAdded).toEqual([{ requestId: 'req1', scope: 'project' }]);
    expect(h.api.decisions).toEqual([{ requestId: 'req1', decision: { behavior: 'allow' }, interrupt: false }]);
  });

  it('g closes the queue and focuses the agent that asks; the detail takes the same keys', async () => {
    const h = await started();
    h.stdin.type('\x02aj');
    await h.waitFor((t) => t.includes('Approvals (2 pending'), 'the queue');
    h.stdin.type('g');
    await h.waitFor((t) => !t.includes('Approvals ('), 'queue closed');
    expect(h.session.controller.state.focusId).toBe('a3');

    h.stdin.type('\x02a\r');
    await h.waitFor((t) => t.includes('$ git push origin main') && t.includes('command:'), 'detail of req1');
    h.stdin.type('y');
    await h.waitFor((t) => t.includes('Approvals (1 pending'), 'back in the queue without req1');
    expect(h.api.decisions[0]!.requestId).toBe('req1');
  });

  it('a decision taken elsewhere removes the item at once, also from an open detail; arrival rings the bell with a banner', async () => {
    const h = await started();
    h.stdin.type('\x02a\r');
    await h.waitFor((t) => t.includes('command:'), 'detail of req1');
    h.api.decideElsewhere('req1');
    await h.waitFor((t) => t.includes('Approvals (1 pending') && !t.includes('git push origin main'), 'req1 gone from the detail and the queue');
    h.stdin.type('q');
    await h.waitFor((t) => t.includes('1 approval waiting'), 'status line count follows');

    const bells = () => h.stdout.chunks.join('').split('\x07').length - 1;
    const before = bells();
    h.api.addApproval({ ...push(), id: 'req9', createdAt: at(0), agentTitle: 'deploy\x1b]0;evil\x07', summary: '$ rm -rf build\x1b[2J' });
    await h.waitFor((t) => t.includes('approval: deploy · Bash · $ rm -rf build'), 'the banner');
    expect(bells()).toBe(before + 1);
    // The banner holds the status line for a moment; the count behind it follows the queue.
    expect(h.session.controller.state.approvals.map((a) => a.id)).toEqual(['req2', 'req9']);
  });

  it('a long diff scrolls (j, PgDn, End) and says which lines are shown; a new file shows as added', async () => {
    const fake = api();
    const body = Array.from({ length: 80 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    fake.details.set('req2', { approval: edit(), summary: 'write big.txt', cwd: '/home/user/project', files: [fileDiff('big.txt', undefined, body)] });
    const h = await started(100, 30, fake);
    h.stdin.type('\x02aj\r');
    await h.waitFor((t) => t.includes('new file: big.txt') && t.includes('+line 1'), 'the top of the diff');
    expect(h.stdout.text()).toMatch(/lines 1-24 of 85/);
    h.stdin.type('j');
    await h.waitFor((t) => /lines 2-25 of 85/.test(t), 'one line down');
    h.stdin.type('\x1b[6~');
    await h.waitFor((t) => /lines 25-48 of 85/.test(t) && t.includes("+line 43") && !t.includes("+line 19 "), 'a page down');
    h.stdin.type('\x1b[F');
    await h.waitFor((t) => /lines 62-85 of 85/.test(t) && t.includes('+line 80'), 'the end');
  });
});
