/** Subscribe = one snapshot, then deltas strictly after its seq; deltas racing the snapshot are buffered, stale ones dropped. */
import type { TerminalListener } from '../core/api.js';
import { type Disposable, DisposableStore } from '../core/disposable.js';
import type { TerminalDelta } from '../core/protocol.js';
import type { Screen } from '../terminal/types.js';

export async function subscribeScreen(agentId: string, screen: Screen, listener: TerminalListener, scrollbackLines: number): Promise<Disposable> {
  const subs = new DisposableStore();
  let buffered: TerminalDelta[] | undefined = [];
  let lastSeq = -1;
  let size = { cols: 0, rows: 0 };
  const deliver = (delta: TerminalDelta): void => {
    if (buffered) {
      buffered.push(delta);
      return;
    }
    if (delta.kind === 'output') {
      if (delta.seq <= lastSeq) return;
      lastSeq = delta.seq;
    } else {
      // A resize may share the seq of the last output; it is stale only if the snapshot already has this size.
      if (delta.seq < lastSeq || (delta.cols === size.cols && delta.rows === size.rows)) return;
      size = { cols: delta.cols, rows: delta.rows };
    }
    listener.onDelta(delta);
  };
  subs.add(screen.onDidOutput((e) => deliver({ kind: 'output', agentId, seq: e.seq, data: e.data })));
  subs.add(screen.onDidResize((e) => deliver({ kind: 'resize', agentId, seq: e.seq, cols: e.cols, rows: e.rows })));
  try {
    const snap = await screen.snapshot({ scrollbackLines });
    if (subs.isDisposed) return subs;
    listener.onSnapshot({ agentId, cols: snap.cols, rows: snap.rows, seq: snap.seq, data: snap.data });
    lastSeq = snap.seq;
    size = { cols: snap.cols, rows: snap.rows };
    const early = buffered;
    buffered = undefined;
    for (const delta of early) deliver(delta);
  } catch (err) {
    subs.dispose();
    throw err;
  }
  return subs;
}
