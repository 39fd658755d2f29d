/**
 * PASEO_HOME/audit.log: every approval request and decision, one JSON line each, appended and fsynced in order by one
 * queue (a hook's reply never waits for it). Each line carries `prev`, the sha256 of the line before it, and `hash`,
 * the sha256 of its own text without that field; `seq` counts lines. A changed line fails its own hash (or, if that
 * was recomputed, the next line's `prev`); a removed or reordered line breaks `seq`. Past Audit.MAX_FILE_BYTES the file
 * is rotated to audit.log.1 (.1 → .2 …) and the chain continues into the new file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Audit } from '../../core/constants.js';
import { errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import type { AuditEntry, AuditHow, AuditLine, AuditVerifyResult } from '../../core/policy-types.js';

const log = createLogger('audit');

export const AUDIT_FILE = 'audit.log';
/** `prev` of the very first line. */
export const GENESIS = '0'.repeat(64);

export type { AuditEntry, AuditHow, AuditLine };

export interface AuditOptions {
  maxFileBytes?: number;
  keepRotated?: number;
  now?: () => Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

export class AuditLog {
  private queue: Promise<void> = Promise.resolve();
  private fd: number | undefined;
  private size = 0;
  private seq = 0;
  private prev = GENESIS;
  private started = false;
  private readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly now: () => Date;

  constructor(
    private readonly home: string,
    opts: AuditOptions = {},
  ) {
    this.file = path.join(home, AUDIT_FILE);
    this.maxBytes = opts.maxFileBytes ?? Audit.MAX_FILE_BYTES;
    this.keep = opts.keepRotated ?? Audit.KEEP_ROTATED_FILES;
    this.now = opts.now ?? (() => new Date());
  }

  /** Queues one line; the promise settles once it is on disk (callers on a hook's path do not wait for it). */
  append(entry: AuditEntry): Promise<void> {
    const at = this.now().toISOString();
    const run = this.queue.then(() => this.write({ ...entry, summary: cut(entry.summary) }, at));
    this.queue = run.catch((err: unknown) => log.error('audit.write-failed', { error: errorMessage(err) }));
    return run;
  }

  /** Resolves once everything queued so far is written. */
  flush(): Promise<void> {
    return this.queue;
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private start(): void {
    this.started = true;
    fs.mkdirSync(this.home, { recursive: true, mode: 0o700 });
    // The chain goes on from the newest line on disk: audit.log's, or the rotated file's when audit.log is new.
    for (const file of [this.file, `${this.file}.1`]) {
      const last = lastLine(file);
      if (last === undefined) continue;
      this.prev = sha256(last);
      try {
        this.seq = (JSON.parse(last) as { seq?: number }).seq ?? 0;
      } catch {
        this.seq = 0;
      }
      break;
    }
  }

  private async write(entry: AuditEntry, at: string): Promise<void> {
    if (!this.started) this.start();
    if (this.fd === undefined) {
      this.fd = fs.openSync(this.file, 'a', 0o600);
      this.size = fs.fstatSync(this.fd).size;
    }
    const body = JSON.stringify({ seq: this.seq + 1, at, ...entry, prev: this.prev });
    const line = `${body.slice(0, -1)},"hash":"${sha256(body)}"}`;
    const bytes = Buffer.from(line + '\n');
    await new Promise<void>((resolve, reject) => fs.write(this.fd!, bytes, (err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => fs.fdatasync(this.fd!, (err) => (err ? reject(err) : resolve())));
    this.seq++;
    this.prev = sha256(line);
    this.size += bytes.length;
    if (this.size >= this.maxBytes) this.rotate();
  }

  private rotate(): void {
    fs.closeSync(this.fd!);
    this.fd = undefined;
    const name = (n: number) => (n === 0 ? this.file : `${this.file}.${n}`);
    fs.rmSync(name(this.keep), { force: true });
    for (let n = this.keep - 1; n >= 0; n--) {
      if (fs.existsSync(name(n))) fs.renameSync(name(n), name(n + 1));
    }
    log.info('audit.rotated', { seq: this.seq });
  }
}

function cut(s: string): string {
  return s.length > Audit.SUMMARY_MAX_CHARS ? `${s.slice(0, Audit.SUMMARY_MAX_CHARS - 1)}…` : s;
}

function lastLine(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, Audit.TAIL_READ_BYTES);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n').filter((l) => l.length > 0);
    return lines[lines.length - 1];
  } finally {
    fs.closeSync(fd);
  }
}

// ---- reading and verifying ----

/** The audit files under `home`, oldest first (audit.log.N … audit.log.1, audit.log). */
export function auditFiles(home: string): string[] {
  const base = path.join(home, AUDIT_FILE);
  let names: string[];
  try {
    names = fs.readdirSync(home);
  } catch {
    return [];
  }
  const rotated = names
    .map((n) => /^audit\.log\.(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a)
    .map((n) => `${base}.${n}`);
  return names.includes(AUDIT_FILE) ? [...rotated, base] : rotated;
}

function fileLines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface AuditQuery {
  /** The last N lines (after the other filters). */
  tail?: number;
  agentId?: string;
  /** Only lines at or after this time. */
  since?: Date;
}

/** Lines of the audit log, oldest first; lines that are not JSON are skipped (verify reports them). */
export function readAudit(home: string, q: AuditQuery = {}): AuditLine[] {
  const out: AuditLine[] = [];
  for (const file of auditFiles(home)) {
    for (const line of fileLines(file)) {
      let e: AuditLine;
      try {
        e = JSON.parse(line) as AuditLine;
      } catch {
        continue;
      }
      if (q.agentId !== undefined && e.agentId !== q.agentId && !e.agentId?.startsWith(q.agentId)) continue;
      if (q.since && !(Date.parse(e.at) >= q.since.getTime())) continue;
      out.push(e);
    }
  }
  return q.tail !== undefined ? out.slice(Math.max(0, out.length - q.tail)) : out;
}

export type VerifyResult = AuditVerifyResult;

/** Walks the chain over every file, oldest first; stops at the first line that does not hold. */
export function verifyAudit(home: string, opts: { keepRotated?: number } = {}): VerifyResult {
  const files = auditFiles(home);
  // Only once the oldest rotated file was deleted may the chain start past seq 1.
  const trimmed = files[0] === path.join(home, `${AUDIT_FILE}.${opts.keepRotated ?? Audit.KEEP_ROTATED_FILES}`);
  let prevHash: string | undefined;
  let prevSeq: number | undefined;
  let prevWhere: { file: string; line: number; seq?: number } | undefined;
  let count = 0;
  let startsAtSeq: number | undefined;
  for (const file of files) {
    const name = path.basename(file);
    const lines = fileLines(file);
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      const where = { file: name, line: i + 1 };
      const bad = (problem: string, at: { file: string; line: number; seq?: number } = where) => ({ ok: false, lines: count, firstBad: { ...at, problem }, ...(startsAtSeq !== undefined ? { startsAtSeq } : {}) });
      let e: AuditLine;
      try {
        e = JSON.parse(text) as AuditLine;
      } catch {
        return bad('changed: not a JSON line');
      }
      const m = HASH_SUFFIX.exec(text);
      if (!m || sha256(`${text.slice(0, m.index)}}`) !== m[1]) return bad('changed: its content does not match its hash', { ...where, seq: e.seq });
      if (typeof e.seq !== 'number') return bad('changed: no sequence number');
      if (prevSeq === undefined) {
        if (e.seq !== 1 || e.prev !== GENESIS) {
          // Older rotated files were deleted (or the first lines removed): the chain is checked from here on.
          if (e.seq === 1) return bad('changed: the first line does not start the chain', { ...where, seq: e.seq });
          if (!trimmed) return bad(`removed: the log starts at seq ${e.seq} (the lines before it are missing)`, { ...where, seq: e.seq });
          startsAtSeq = e.seq;
        }
      } else if (e.seq !== prevSeq + 1) {
        return bad(
          e.seq <= prevSeq ? `reordered: seq ${e.seq} comes after seq ${prevSeq}` : `removed: seq ${e.seq} follows seq ${prevSeq} (${e.seq - prevSeq - 1} line(s) missing before it, or lines reordered)`,
          { ...where, seq: e.seq },
        );
      } else if (e.prev !== prevHash) {
        // Its own hash holds and the sequence is whole: the line before it was rewritten (with a recomputed hash).
        return bad('changed: the next line no longer chains to it', prevWhere);
      }
      prevHash = sha256(text);
      prevSeq = e.seq;
      prevWhere = { ...where, seq: e.seq };
      count++;
    }
  }
  return { ok: true, lines: count, ...(startsAtSeq !== undefined ? { startsAtSeq } : {}) };
}
