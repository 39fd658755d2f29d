/**
 * Encodes a terminal delta into its wire frame once, however many clients receive it. Every
 * subscriber of an agent is handed the same chunk within one onDidOutput fan-out, so remembering
 * the last frame is enough; the frame is a UTF-8 Buffer, sent as a text frame to each socket, so
 * neither JSON.stringify nor the UTF-8 conversion (the larger cost for output with non-ASCII text)
 * runs per client.
 */
import type { OutputMessage, ResizeMessage, TerminalDelta } from '../core/protocol.js';
import { LastFrameEncoder } from './last-frame-encoder.js';

export class DeltaEncoder extends LastFrameEncoder<TerminalDelta> {
  constructor() {
    super(sameDelta, (delta) => {
      const message: OutputMessage | ResizeMessage =
        delta.kind === 'output'
          ? { type: 'output', agentId: delta.agentId, seq: delta.seq, data: delta.data }
          : { type: 'resize', agentId: delta.agentId, seq: delta.seq, cols: delta.cols, rows: delta.rows };
      return Buffer.from(JSON.stringify(message), 'utf8');
    });
  }
}

function sameDelta(a: TerminalDelta, b: TerminalDelta): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.agentId !== b.agentId || a.seq !== b.seq) return false;
  // The data string is the very same object for every subscriber of one chunk, so this compares pointers;
  // a replaced screen reusing a seq number has different data and is encoded afresh.
  if (a.kind === 'output') return b.kind === 'output' && a.data === b.data;
  return b.kind === 'resize' && a.cols === b.cols && a.rows === b.rows;
}

/** The daemon's one encoder, shared by every connection. */
export const sharedDeltaEncoder = new DeltaEncoder();
