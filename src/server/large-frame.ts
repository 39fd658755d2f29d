/**
 * Encodes a message that carries one large string (a 10k-line snapshot's data, a log's text) as its UTF-8 JSON frame
 * a piece at a time, yielding between pieces: JSON.stringify + UTF-8 conversion of 750K chars took ~10 ms in one go
 * on a loaded 2-core box, a stall for every agent and client of the daemon. The frame parses to the same message.
 */
import { Snapshot } from '../core/constants.js';

export interface EncodeOptions {
  chunkChars?: number;
  budgetMs?: number;
  yieldTurn?: () => Promise<void>;
  now?: () => number;
  /** Stops between pieces once aborted (the client went away): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Stands in for the large string while the rest of the message is stringified; never produced by JSON.stringify of agent text. */
const PLACEHOLDER = '\u0000paseo-large-string\u0000';

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Whether a string is big enough to be encoded in pieces (a smaller message is one JSON.stringify). */
export function isLargeString(text: unknown, chunkChars = Snapshot.SNAPSHOT_ENCODE_CHUNK_CHARS): text is string {
  return typeof text === 'string' && text.length > chunkChars;
}

/**
 * The frame of `build(text)`: `build` is called once with a placeholder in place of the large string, and the
 * string's escaped pieces are put where the placeholder lands in the JSON.
 */
export async function encodeLargeFrame(build: (text: string) => object, text: string, opts: EncodeOptions = {}): Promise<Buffer> {
  const chunkChars = Math.max(2, opts.chunkChars ?? Snapshot.SNAPSHOT_ENCODE_CHUNK_CHARS);
  const budgetMs = opts.budgetMs ?? Snapshot.SERIALIZE_SLICE_BUDGET_MS;
  const yieldTurn = opts.yieldTurn ?? nextTurn;
  const now = opts.now ?? (() => performance.now());
  opts.signal?.throwIfAborted();
  const envelope = JSON.stringify(build(PLACEHOLDER));
  const marker = JSON.stringify(PLACEHOLDER);
  const at = envelope.indexOf(marker);
  const parts: Buffer[] = [Buffer.from(`${envelope.slice(0, at)}"`, 'utf8')];
  let turnStart = now();
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + chunkChars, text.length);
    // Never split a surrogate pair: each half alone would be escaped (or encoded) as a lone surrogate.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(Buffer.from(JSON.stringify(text.slice(start, end)).slice(1, -1), 'utf8'));
    start = end;
    if (start < text.length && now() - turnStart >= budgetMs) {
      await yieldTurn();
      opts.signal?.throwIfAborted();
      turnStart = now();
    }
  }
  parts.push(Buffer.from(`"${envelope.slice(at + marker.length)}`, 'utf8'));
  return Buffer.concat(parts);
}
