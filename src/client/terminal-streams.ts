/** Client side of terminal subscriptions: routes snapshots and deltas to listeners, each listener seeing its snapshot first. */
import type { TerminalListener } from '../core/api.js';
import type { OutputMessage, ResizeMessage, SnapshotMessage } from '../core/protocol.js';

interface Stream {
  scrollbackLines: number | undefined;
  /** Per listener: has it had its snapshot yet (deltas before it would land on an empty screen). */
  listeners: Map<TerminalListener, { ready: boolean }>;
  snapshotSeq: number;
}

export class TerminalStreams {
  private readonly streams = new Map<string, Stream>();

  add(agentId: string, listener: TerminalListener, scrollbackLines: number | undefined): void {
    let stream = this.streams.get(agentId);
    if (!stream) {
      stream = { scrollbackLines, listeners: new Map(), snapshotSeq: -1 };
      this.streams.set(agentId, stream);
    }
    if (scrollbackLines !== undefined) stream.scrollbackLines = scrollbackLines;
    stream.listeners.set(listener, { ready: false });
  }

  /** Removes a listener; true when it was the stream's last one (the server subscription can go). */
  remove(agentId: string, listener: TerminalListener): boolean {
    const stream = this.streams.get(agentId);
    if (!stream || !stream.listeners.delete(listener)) return false;
    if (stream.listeners.size > 0) return false;
    this.streams.delete(agentId);
    return true;
  }

  has(agentId: string): boolean {
    return this.streams.has(agentId);
  }

  /** What to resubscribe after a reconnect. */
  entries(): Array<{ agentId: string; scrollbackLines: number | undefined }> {
    return [...this.streams].map(([agentId, s]) => ({ agentId, scrollbackLines: s.scrollbackLines }));
  }

  /** After a reconnect every listener waits for its fresh snapshot again. */
  resetAll(): void {
    for (const stream of this.streams.values()) {
      stream.snapshotSeq = -1;
      for (const state of stream.listeners.values()) state.ready = false;
    }
  }

  onSnapshot(message: SnapshotMessage): void {
    const stream = this.streams.get(message.agentId);
    if (!stream) return;
    const { type: _type, ...snapshot } = message;
    stream.snapshotSeq = snapshot.seq;
    for (const [listener, state] of [...stream.listeners]) {
      state.ready = true;
      safely(() => listener.onSnapshot(snapshot));
    }
  }

  onDelta(message: OutputMessage | ResizeMessage): void {
    const stream = this.streams.get(message.agentId);
    if (!stream) return;
    // Output already contained in the last snapshot is skipped (its seq is at most the snapshot's).
    if (message.type === 'output' && message.seq <= stream.snapshotSeq) return;
    const delta =
      message.type === 'output'
        ? { kind: 'output' as const, agentId: message.agentId, seq: message.seq, data: message.data }
        : { kind: 'resize' as const, agentId: message.agentId, seq: message.seq, cols: message.cols, rows: message.rows };
    for (const [listener, state] of [...stream.listeners]) if (state.ready) safely(() => listener.onDelta(delta));
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // A throwing listener must not break the socket's message loop or other listeners.
  }
}
