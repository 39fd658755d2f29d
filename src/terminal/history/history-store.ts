/**
 * An agent's deep history: rows that left the live xterm buffer, as self-contained ANSI (row-ansi.ts) with their
 * soft-wrap flag, numbered on from the live buffer's numbering (history-numbering.ts), so row n is the same row
 * whether it is still live or stored. Rows gather in an open block; a full block is sealed: joined and deflated
 * (node:zlib, ~5–10× on build logs), which is what makes 100 000 rows per agent cost a few MB instead of the ~20 MB
 * per 10 000 rows xterm's cells take. Oldest blocks are dropped past `maxLines` rows or `maxBytes` held.
 * Stored rows never change: a resize reflows only the live buffer.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { HistoryStore as Limits } from '../../core/constants.js';
import { flatten } from '../flat-string.js';

export interface StoredRow {
  ansi: string;
  /** Continues the row before it (a soft wrap). */
  wrapped: boolean;
  /** Its last cell is written: a receiver printing it wraps by itself into a continuation. */
  full: boolean;
}

interface SealedBlock {
  first: number;
  count: number;
  data: Uint8Array;
  /** Byte per row: WRAPPED | FULL. */
  flags: Uint8Array;
}

export interface HistoryStoreLimits {
  maxLines: number;
  maxBytes: number;
  blockLines: number;
}

/** Rows are joined with LF inside a block: a cell never holds a control character. */
const SEP = '\n';
const WRAPPED = 1;
const FULL = 2;

export class HistoryStore {
  readonly limits: HistoryStoreLimits;
  private sealed: SealedBlock[] = [];
  private open: StoredRow[] = [];
  private openFirst: number;
  private openBytes = 0;
  private sealedBytes = 0;
  /** One inflated block kept, since pages and searches read neighbouring rows. */
  private lastInflated: { block: SealedBlock; rows: string[] } | undefined;
  private _clears = 0;

  constructor(limits: Partial<HistoryStoreLimits> = {}, firstNumber = 0) {
    this.limits = {
      maxLines: limits.maxLines ?? Limits.DEFAULT_MAX_LINES,
      maxBytes: limits.maxBytes ?? Limits.MAX_BYTES,
      blockLines: Math.max(1, limits.blockLines ?? Limits.BLOCK_LINES),
    };
    this.openFirst = firstNumber;
  }

  /** Number of the oldest row held. */
  get first(): number {
    // Blocks are dropped whole; the line bound is exact all the same.
    return Math.max(this.heldFirst, this.end - this.limits.maxLines);
  }
  private get heldFirst(): number {
    return this.sealed[0]?.first ?? this.openFirst;
  }
  /** One past the newest row: the live buffer's row 0 has this number. */
  get end(): number {
    return this.openFirst + this.open.length;
  }
  get length(): number {
    return this.end - this.first;
  }
  /** Bytes held (deflated blocks + the open block's UTF-16 text). */
  get bytes(): number {
    return this.sealedBytes + this.openBytes;
  }
  /** How many times the store was cleared (ED 3, RIS): the saved file must be rewritten, not appended to. */
  get clears(): number {
    return this._clears;
  }

  append(ansi: string, wrapped: boolean, full: boolean): void {
    // Flattened: a row built with += is a rope of ~50 nodes (32 bytes each) until something reads it whole.
    this.open.push({ ansi: flatten(ansi), wrapped, full });
    this.openBytes += ansi.length * 2 + 16;
    if (this.open.length >= this.limits.blockLines) this.seal();
    this.enforce();
  }

  /** Drops every row; numbering goes on from `at` (the live buffer's row 0 then). */
  clear(at: number = this.end): void {
    this.sealed = [];
    this.open = [];
    this.openFirst = at;
    this.openBytes = 0;
    this.sealedBytes = 0;
    this.lastInflated = undefined;
    this._clears++;
  }

  /** Rows [from, to) clipped to what is held, oldest first. */
  read(from: number, to: number): StoredRow[] {
    const out: StoredRow[] = [];
    from = Math.max(from, this.first);
    to = Math.min(to, this.end);
    if (from >= to) return out;
    for (const block of this.sealed) {
      if (block.first + block.count <= from) continue;
      if (block.first >= to) return out;
      const rows = this.inflate(block);
      const a = Math.max(from, block.first) - block.first;
      const b = Math.min(to, block.first + block.count) - block.first;
      for (let i = a; i < b; i++) out.push({ ansi: rows[i]!, wrapped: (block.flags[i]! & WRAPPED) !== 0, full: (block.flags[i]! & FULL) !== 0 });
    }
    for (let n = Math.max(from, this.openFirst); n < to; n++) out.push(this.open[n - this.openFirst]!);
    return out;
  }

  private seal(): void {
    const rows = this.open;
    const flags = Uint8Array.from(rows, (r) => (r.wrapped ? WRAPPED : 0) | (r.full ? FULL : 0));
    // Copied out: zlib's result is a view over its (16 KB and up) output chunk, which a 3 KB block would keep alive.
    // Level 1: 2.4× faster than the default level on the build log (1.7× on `seq`), blocks ~20 % larger.
    const data = new Uint8Array(deflateRawSync(Buffer.from(rows.map((r) => r.ansi).join(SEP)), { level: 1 }));
    this.sealed.push({ first: this.openFirst, count: rows.length, data, flags });
    this.sealedBytes += data.length + flags.length;
    this.openFirst += rows.length;
    this.open = [];
    this.openBytes = 0;
  }

  private enforce(): void {
    while (this.sealed.length > 0 && (this.end - this.heldFirst - this.sealed[0]!.count >= this.limits.maxLines || this.bytes > this.limits.maxBytes)) {
      const block = this.sealed.shift()!;
      this.sealedBytes -= block.data.length + block.flags.length;
      if (this.lastInflated?.block === block) this.lastInflated = undefined;
    }
  }

  private inflate(block: SealedBlock): string[] {
    if (this.lastInflated?.block === block) return this.lastInflated.rows;
    const rows = inflateRawSync(block.data).toString().split(SEP);
    this.lastInflated = { block, rows };
    return rows;
  }
}
