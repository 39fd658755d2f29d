/**
 * Encodes a large snapshot message as its UTF-8 JSON frame a piece at a time, yielding between pieces, so a
 * 10k-line snapshot never blocks the daemon for the whole JSON.stringify + UTF-8 conversion in one turn.
 * The frame parses to the same message as JSON.stringify(message) (data goes last; the key order differs).
 */
import { Snapshot } from '../core/constants.js';
import type { SnapshotMessage } from '../core/protocol.js';

export interface EncodeOptions {
  chunkChars?: number;
  budgetMs?: number;
  yieldTurn?: () => Promise<void>;
  now?: () => number;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Whether a snapshot is big enough to be encoded in pieces (smaller ones are one JSON.stringify). */
export function needsPiecewiseEncoding(message: SnapshotMessage, chunkChars = Snapshot.SNAPSHOT_ENCODE_CHUNK_CHARS): boolean {
  return message.data.length > chunkChars;
}

export async function encodeSnapshotFrame(message: SnapshotMessage, opts: EncodeOptions = {}): Promise<Buffer> {
  const chunkChars = Math.max(2, opts.chunkChars ?? Snapshot.SNAPSHOT_ENCODE_CHUNK_CHARS);
  const budgetMs = opts.budgetMs ?? Snapshot.SERIALIZE_SLICE_BUDGET_MS;
  const yieldTurn = opts.yieldTurn ?? nextTurn;
  const now = opts.now ?? (() => performance.now());
  const { data, ...rest } = message;
  // Everything but data, then data last: '{"type":"snapshot",…,"data":"' + escaped pieces + '"}'.
  const head = JSON.stringify(rest);
  const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"data":"`, 'utf8')];
  let turnStart = now();
  for (let start = 0; start < data.length; ) {
    let end = Math.min(start + chunkChars, data.length);
    // Never split a surrogate pair: each half alone would be escaped (or encoded) as a lone surrogate.
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--;
    const escaped = JSON.stringify(data.slice(start, end));
    parts.push(Buffer.from(escaped.slice(1, -1), 'utf8'));
    start = end;
    if (start < data.length && now() - turnStart >= budgetMs) {
      await yieldTurn();
      turnStart = now();
    }
  }
  parts.push(Buffer.from('"}', 'utf8'));
  return Buffer.concat(parts);
}
