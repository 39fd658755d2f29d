import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, GENESIS, readAudit, verifyAudit, type AuditEntry } from '../../../src/supervisor/approvals/audit-log.js';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});
function home(): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-audit-'));
  homes.push(h);
  return h;
}
const entry = (n: number, agentId = 'a1'): AuditEntry => ({ kind: 'decision', agentId, tool: 'Bash', contentHash: 'h'.repeat(64), summary: `$ echo ${n}`, outcome: 'allow', how: { by: 'rule', rule: 'default read-only-commands', source: 'default', position: 12 } });
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function write(h: string, n: number, opts: ConstructorParameters<typeof AuditLog>[1] = {}): Promise<void> {
  const log = new AuditLog(h, opts);
  for (let i = 1; i <= n; i++) void log.append(entry(i));
  await log.close();
}
function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n');
}
function rewrite(file: string, edit: (l: string[]) => string[]): void {
  fs.writeFileSync(file, edit(lines(file)).join('\n') + '\n');
}

describe('audit log: the hash chain', () => {
  it('each line carries its seq, time, the sha256 of the line before, and its own hash; verify passes', async () => {
    const h = home();
    await write(h, 5);
    const ls = lines(path.join(h, 'audit.log'));
    expect(ls).toHaveLength(5);
    const parsed = ls.map((l) => JSON.parse(l) as { seq: number; prev: string; at: string; hash: string });
    expect(parsed.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(parsed[0]!.prev).toBe(GENESIS);
    for (let i = 1; i < 5; i++) expect(parsed[i]!.prev).toBe(sha(ls[i - 1]!));
    expect(verifyAudit(h)).toEqual({ ok: true, lines: 5 });
    expect(readAudit(h, { tail: 2 }).map((e) => e.summary)).toEqual(['$ echo 4', '$ echo 5']);
  });

  it('a changed line is named (its own hash no longer holds)', async () => {
    const h = home();
    await write(h, 5);
    rewrite(path.join(h, 'audit.log'), (l) => l.map((x, i) => (i === 2 ? x.replace('"allow"', '"deny"') : x)));
    expect(verifyAudit(h)).toMatchObject({ ok: false, firstBad: { file: 'audit.log', line: 3, problem: expect.stringMatching(/^changed/) } });
  });

  it('a changed line whose own hash was recomputed is named by the next line', async () => {
    const h = home();
    await write(h, 5);
    rewrite(path.join(h, 'audit.log'), (l) =>
      l.map((x, i) => {
        if (i !== 2) return x;
        const body = x.replace(/,"hash":"[0-9a-f]{64}"\}$/, '}').replace('"allow"', '"deny"');
        return `${body.slice(0, -1)},"hash":"${sha(body)}"}`;
      }),
    );
    expect(verifyAudit(h)).toMatchObject({ ok: false, firstBad: { file: 'audit.log', line: 3, seq: 3, problem: expect.stringMatching(/^changed/) } });
  });

  it('a removed line is named', async () => {
    const h = home();
    await write(h, 5);
    rewrite(path.join(h, 'audit.log'), (l) => l.filter((_x, i) => i !== 2));
    expect(verifyAudit(h)).toMatchObject({ ok: false, firstBad: { line: 3, seq: 4, problem: expect.stringMatching(/^removed/) } });
    // The first line too.
    rewrite(path.join(h, 'audit.log'), (l) => l.slice(1));
    expect(verifyAudit(h)).toMatchObject({ ok: false, firstBad: { line: 1, problem: expect.stringMatching(/^removed/) } });
  });

  it('reordered lines are named', async () => {
    const h = home();
    await write(h, 5);
    rewrite(path.join(h, 'audit.log'), (l) => [l[0]!, l[2]!, l[1]!, l[3]!, l[4]!]);
    expect(verifyAudit(h)).toMatchObject({ ok: false, firstBad: { line: 2, seq: 3 } });
  });

  it('a restarted log continues the chain', async () => {
    const h = home();
    await write(h, 2);
    await write(h, 2);
    expect(readAudit(h).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(verifyAudit(h)).toEqual({ ok: true, lines: 4 });
  });

  it('rotation keeps the chain across files; a change in a rotated file is named with its file', async () => {
    const h = home();
    // Each line is ~330 bytes: a new file every 3 lines.
    await write(h, 10, { maxFileBytes: 900 });
    const files = fs.readdirSync(h).sort();
    expect(files).toEqual(['audit.log', 'audit.log.1', 'audit.log.2', 'audit.log.3']);
    const firstOfNew = JSON.parse(lines(path.join(h, 'audit.log'))[0]!) as { prev: string; seq: number };
    const lastOfOld = lines(path.join(h, 'audit.log.1')).pop()!;
    expect(firstOfNew.prev).toBe(sha(lastOfOld));
    expect(verifyAudit(h)).toEqual({ ok: true, lines: 10 });
    expect(readAudit(h).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Removing a whole rotated file breaks the chain where it was.
    fs.renameSync(path.join(h, 'audit.log.2'), path.join(h, 'x'));
    expect(verifyAudit(h)).toMatchObject({ ok: false, firstBad: { file: 'audit.log.1', line: 1, problem: expect.stringMatching(/^removed/) } });
    fs.renameSync(path.join(h, 'x'), path.join(h, 'audit.log.2'));
    rewrite(path.join(h, 'audit.log.2'), (l) => l.map((x, i) => (i === 1 ? x.replace('echo', 'ECHO') : x)));
    expect(verifyAudit(h)).toMatchObject({ ok: false, firstBad: { file: 'audit.log.2', line: 2 } });
  });

  it('past the rotated files kept, the oldest is deleted and the chain is checked from the oldest kept', async () => {
    const h = home();
    await write(h, 13, { maxFileBytes: 900, keepRotated: 2 });
    expect(fs.readdirSync(h).sort()).toEqual(['audit.log', 'audit.log.1', 'audit.log.2']);
    const oldest = JSON.parse(lines(path.join(h, 'audit.log.2'))[0]!) as { seq: number };
    expect(oldest.seq).toBeGreaterThan(1);
    expect(verifyAudit(h, { keepRotated: 2 })).toMatchObject({ ok: true, startsAtSeq: oldest.seq });
    // Without the deleted files, a log that does not start at seq 1 lost its first lines.
    expect(verifyAudit(h, { keepRotated: 5 })).toMatchObject({ ok: false, firstBad: { file: 'audit.log.2', line: 1 } });
  });

  it('filters by agent and time', async () => {
    const h = home();
    let t = Date.parse('2026-01-01T00:00:00Z');
    const log = new AuditLog(h, { now: () => new Date((t += 3_600_000)) });
    void log.append(entry(1, 'aaa1'));
    void log.append(entry(2, 'bbb2'));
    void log.append(entry(3, 'aaa1'));
    await log.close();
    expect(readAudit(h, { agentId: 'aaa' }).map((e) => e.summary)).toEqual(['$ echo 1', '$ echo 3']);
    expect(readAudit(h, { since: new Date('2026-01-01T02:30:00Z') }).map((e) => e.summary)).toEqual(['$ echo 3']);
  });
});
