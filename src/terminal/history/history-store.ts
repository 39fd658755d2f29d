/**
 * An agent's deep history: rows that left the live xterm buffer, as self-contained ANSI (row-ansi.ts) with their
 * soft-wrap flag, numbered on from the live buffer's numbering (history-numbering.ts), so row n is the same row
 * whether it is still live or stored. Rows gather in an open block, as UTF-8 bytes each followed by LF (a row leaving
 * the buffer is encoded straight into it: no string, no object per row); a full block is sealed: deflated
 * (node:zlib, ~5–10× on build logs), which is what makes 100 000 rows per agent cost a few MB instead of the ~20 MB
 * per 10 000 rows xterm's cells take. Oldest blocks are dropped past `maxLines` rows or `maxBytes` held.
 * Stored rows never change: a resize reflows only the live buffer.
 */
import { deflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { HistoryStore as Limits } from '../../core/constants.js';
import { PaseoError } from '../../core/errors.js';
import { ByteSink } from './byte-sink.js';

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
  /** The rows deflated; undefined while the deflate runs on libuv's pool (then `raw` holds them). */
  data: Uint8Array | undefined;
  /** The rows' UTF-8, LF-joined, until `data` is there. */
  raw: Buffer | undefined;
  /** Byte per row: WRAPPED | FULL. */
  flags: Uint8Array;
  /** Dropped (bounds, clear) before its deflate finished: the result is thrown away. */
  dropped: boolean;
}

/** Deflates running on libuv's pool, over every store (HistoryStore.ASYNC_DEFLATES_MAX bounds it). */
let deflatesInFlight = 0;
const allSettledWaiters: Array<() => void> = [];
const DEFLATE_OPTIONS = { level: 1 };

export interface HistoryStoreLimits {
  maxLines: number;
  maxBytes: number;
  /** Rows a block gathers before it is sealed… */
  blockLines: number;
  /** …and bytes (up to 16× blockLines rows): blocks of short rows are larger, and deflate fewer times. */
  blockBytes: number;
}

/** A block of short rows takes at most this many times blockLines rows, whatever its bytes. */
const BLOCK_MAX_LINES_FACTOR = 16;

/** Rows are joined with LF inside a block: a cell never holds a control character. */
const SEP = '\n';
const SEP_BYTE = 0x0a;
const WRAPPED = 1;
const FULL = 2;
/** Bytes an open row costs besides its text: its end offset and flag byte. */
const OPEN_ROW_OVERHEAD_BYTES = 5;

export class HistoryStore {
  readonly limits: HistoryStoreLimits;
  private sealed: SealedBlock[] = [];
  /** The open block's rows: UTF-8, each followed by LF; row i ends (before its LF) at openEnds[i]. */
  private readonly openSink = new ByteSink();
  private openEnds: Uint32Array;
  private openFlags: Uint8Array;
  private openCount = 0;
  /** Where the row being written (rowSink) starts. */
  private rowStart = -1;
  private openFirst: number;
  private sealedBytes = 0;
  /** This store's deflates running on the pool, and who waits for them to end (settled()). */
  private ownDeflates = 0;
  private settleWaiters: Array<() => void> = [];
  /** One inflated block kept, since pages and searches read neighbouring rows. */
  private lastInflated: { block: SealedBlock; rows: string[] } | undefined;
  private _clears = 0;

  constructor(limits: Partial<HistoryStoreLimits> = {}, firstNumber = 0) {
    this.limits = {
      maxLines: limits.maxLines ?? Limits.DEFAULT_MAX_LINES,
      maxBytes: limits.maxBytes ?? Limits.MAX_BYTES,
      blockLines: Math.max(1, limits.blockLines ?? Limits.BLOCK_LINES),
      blockBytes: Math.max(0, limits.blockBytes ?? Limits.BLOCK_MIN_BYTES),
    };
    this.openFirst = firstNumber;
    this.openEnds = new Uint32Array(this.limits.blockLines);
    this.openFlags = new Uint8Array(this.limits.blockLines);
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
    return this.openFirst + this.openCount;
  }
  get length(): number {
    return this.end - this.first;
  }
  /** Bytes held (deflated blocks + the open block's UTF-8 text). */
  get bytes(): number {
    return this.sealedBytes + this.openSink.at + this.openCount * OPEN_ROW_OVERHEAD_BYTES;
  }
  /** How many times the store was cleared (ED 3, RIS): the saved file must be rewritten, not appended to. */
  get clears(): number {
    return this._clears;
  }

  append(ansi: string, wrapped: boolean, full: boolean): void {
    this.rowSink().text(ansi);
    this.commitRow(wrapped, full);
  }

  /**
   * Where the next row's UTF-8 goes, for a writer that encodes it itself (row-ansi.ts's writeRowAnsi); commitRow then
   * appends it. Nothing else may touch the store between the two.
   */
  rowSink(): ByteSink {
    // A row begun and never committed (its writer threw) is written over.
    if (this.rowStart >= 0) this.openSink.at = this.rowStart;
    this.rowStart = this.openSink.at;
    return this.openSink;
  }

  /** Appends the row written into rowSink() since it was called. */
  commitRow(wrapped: boolean, full: boolean): void {
    if (this.rowStart < 0) throw new PaseoError('invalid_state', 'history store: commitRow without a row begun by rowSink');
    this.rowStart = -1;
    const sink = this.openSink;
    if (this.openCount === this.openEnds.length) this.growOpenRows();
    this.openEnds[this.openCount] = sink.at;
    this.openFlags[this.openCount] = (wrapped ? WRAPPED : 0) | (full ? FULL : 0);
    this.openCount++;
    sink.ensure(1);
    sink.buf[sink.at++] = SEP_BYTE;
    const { blockLines, blockBytes } = this.limits;
    if (this.openCount >= blockLines && (sink.at >= blockBytes || this.openCount >= blockLines * BLOCK_MAX_LINES_FACTOR)) this.seal();
    this.enforce();
  }

  private growOpenRows(): void {
    const ends = new Uint32Array(this.openEnds.length * 2);
    ends.set(this.openEnds);
    const flags = new Uint8Array(ends.length);
    flags.set(this.openFlags);
    this.openEnds = ends;
    this.openFlags = flags;
  }

  /** Drops every row; numbering goes on from `at` (the live buffer's row 0 then). */
  clear(at: number = this.end): void {
    for (const block of this.sealed) block.dropped = true;
    this.sealed = [];
    this.openSink.at = 0;
    this.openCount = 0;
    this.openFirst = at;
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
    for (let n = Math.max(from, this.openFirst); n < to; n++) {
      const i = n - this.openFirst;
      const start = i === 0 ? 0 : this.openEnds[i - 1]! + 1;
      const flags = this.openFlags[i]!;
      out.push({ ansi: this.openSink.decode(start, this.openEnds[i]!), wrapped: (flags & WRAPPED) !== 0, full: (flags & FULL) !== 0 });
    }
    return out;
  }

  /** Blocks held whose deflate is still running (tests). */
  get deflating(): number {
    let n = 0;
    for (const block of this.sealed) if (block.data === undefined) n++;
    return n;
  }

  /** Resolves once no store's deflate is running (tests: the next blocks sealed go to the pool). */
  static allSettled(): Promise<void> {
    if (deflatesInFlight === 0) return Promise.resolve();
    return new Promise((resolve) => allSettledWaiters.push(resolve));
  }

  /** Resolves once none of this store's deflates is running, dropped blocks' included (tests). */
  settled(): Promise<void> {
    if (this.ownDeflates === 0) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  /**
   * Seals the open block: its rows (LF-joined, the last LF left out) are deflated on libuv's pool while the parser goes
   * on (deflate was ~20 % of the daemon's CPU on a build-log flood), and read from their UTF-8 meanwhile. Past
   * ASYNC_DEFLATES_MAX in flight (a flood outrunning the pool) a block is deflated here, so pending blocks stay few.
   */
  private seal(): void {
    const count = this.openCount;
    const flags = this.openFlags.slice(0, count);
    const rows = this.openSink.buf.subarray(0, this.openSink.at - 1);
    const block: SealedBlock = { first: this.openFirst, count, data: undefined, raw: undefined, flags, dropped: false };
    this.sealed.push(block);
    if (deflatesInFlight < Limits.ASYNC_DEFLATES_MAX) {
      // Copied: the open block's buffer is written over from now on.
      block.raw = Buffer.from(rows);
      this.sealedBytes += block.raw.length + flags.length;
      deflatesInFlight++;
      this.ownDeflates++;
      deflateRaw(block.raw, DEFLATE_OPTIONS, (err, out) => {
        deflatesInFlight--;
        this.ownDeflates--;
        // On an error (there is none for valid input) the block stays as UTF-8.
        if (!err) this.deflated(block, out);
        if (this.ownDeflates === 0) for (const wake of this.settleWaiters.splice(0)) wake();
        if (deflatesInFlight === 0) for (const wake of allSettledWaiters.splice(0)) wake();
      });
    } else {
      this.sealedBytes += flags.length;
      this.deflated(block, deflateRawSync(rows, DEFLATE_OPTIONS));
    }
    this.openFirst += count;
    this.openCount = 0;
    this.openSink.at = 0;
  }

  private deflated(block: SealedBlock, out: Buffer): void {
    if (block.dropped) return;
    // Copied out: zlib's result is a view over its (16 KB and up) output chunk, which a 3 KB block would keep alive.
    // Level 1: 2.4× faster than the default level on the build log (1.7× on `seq`), blocks ~20 % larger.
    block.data = new Uint8Array(out);
    this.sealedBytes += block.data.length - (block.raw?.length ?? 0);
    block.raw = undefined;
  }

  private enforce(): void {
    while (this.sealed.length > 0 && (this.end - this.heldFirst - this.sealed[0]!.count >= this.limits.maxLines || this.bytes > this.limits.maxBytes)) {
      this.drop(this.sealed.shift()!);
    }
  }

  private drop(block: SealedBlock): void {
    block.dropped = true;
    this.sealedBytes -= (block.data ?? block.raw)!.length + block.flags.length;
    if (this.lastInflated?.block === block) this.lastInflated = undefined;
  }

  private inflate(block: SealedBlock): string[] {
    if (this.lastInflated?.block === block) return this.lastInflated.rows;
    const rows = (block.data ? inflateRawSync(block.data) : block.raw!).toString().split(SEP);
    this.lastInflated = { block, rows };
    return rows;
  }
}
