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
 * `message` with `text` at `key` of `holder` (an object inside message, or message itself): `holder[key]` is
 * replaced by a placeholder for the small JSON.stringify and restored before returning.
 */
export async function encodeLargeFrame(
  message: object,
  holder: Record<string, unknown>,
  key: string,
  opts: EncodeOptions = {},
): Promise<Buffer> {
  const text = holder[key];
  if (typeof text !== 'string') return Buffer.from(JSON.stringify(message), 'utf8');
  const chunkChars = Math.max(2, opts.chunkChars ?? Snapshot.SNAPSHOT_ENCODE_CHUNK_CHARS);
  const budgetMs = opts.budgetMs ?? Snapshot.SERIALIZE_SLICE_BUDGET_MS;
  const yieldTurn = opts.yieldTurn ?? nextTurn;
  const now = opts.now ?? (() => performance.now());
  let envelope: string;
  holder[key] = PLACEHOLDER;
  try {
    envelope = JSON.stringify(message);
  } finally {
    holder[key] = text;
  }
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
      turnStart = now();
    }
  }
  parts.push(Buffer.from(`"${envelope.slice(at + marker.length)}`, 'utf8'));
  return Buffer.concat(parts);
}
