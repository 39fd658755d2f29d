/**
 * The viewer stream over a real server: frames of the screen's state (not its bytes), at most two unacknowledged,
 * intermediate states skipped under a flood, the last screen delivered, a reconnect resumed from the last applied
 * frame (a diff) or a full screen, and only the viewed agent's screen sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FrameMessage } from '../../../src/core/viewer-protocol.js';
import { createHeadlessTerminal, type HeadlessTerminal } from '../../../src/terminal/xterm.js';
import { frameToAnsi } from '../../../src/web/apply-frame.js';
import { RawClient, startHarness, waitUntil, type Harness } from '../harness.js';

let harness: Harness | undefined;
const raws: RawClient[] = [];
const terms: HeadlessTerminal[] = [];
afterEach(async () => {
  for (const r of raws.splice(0)) r.close();
  for (const t of terms.splice(0)) t.dispose();
  await harness?.close();
  harness = undefined;
});

function frames(raw: RawClient): FrameMessage[] {
  return (raw.messages as unknown as Array<{ type: string }>).filter((m): m is FrameMessage => m.type === 'frame');
}

function textOf(term: HeadlessTerminal): string[] {
  const b = term.buffer.active;
  const rows: string[] = [];
  // Trailing blanks are not told apart (a written space and an untouched cell look the same).
  for (let y = 0; y < term.rows; y++) rows.push((b.getLine(b.baseY + y)?.translateToString(true) ?? '').trimEnd());
  return rows;
}

/** A viewer that applies every frame into its own terminal and acks it once parsed. */
async function viewer(h: Harness, agentId: string, opts: { ack: boolean; lastFrame?: number }) {
  const raw = await RawClient.hello(h.url);
  raws.push(raw);
  const term = createHeadlessTerminal({ cols: 80, rows: 24, scrollback: 100 }).term;
  terms.push(term);
  let applied = 0;
  let lastId: number | undefined;
  raw.ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as FrameMessage;
    if (m.type !== 'frame') return;
    if (m.cols !== term.cols || m.rows !== term.rows) term.resize(m.cols, m.rows);
    term.write(frameToAnsi(m), () => {
      applied++;
      lastId = m.id;
      if (opts.ack) raw.send({ type: 'ack', agentId, id: m.id });
    });
  });
  raw.send({ type: 'request', id: 1, method: 'terminal.subscribe', params: { agentId, viewer: true, ...(opts.lastFrame !== undefined ? { lastFrame: opts.lastFrame } : {}) } });
  await raw.next((m) => m.type === 'response' && m.id === 1, 'subscribe reply');
  return { raw, term, applied: () => applied, lastId: () => lastId };
}

describe('viewer stream over the server', () => {
  it('a flood reaches the viewer as a few frames that end on the same screen', async () => {
    harness = await startHarness();
    const agent = await harness.service.createAgent({ cols: 60, rows: 12 });
    const t = harness.service.terminal(agent.id);
    const v = await viewer(harness, agent.id, { ack: true });
    const chunks = 3000;
    for (let i = 0; i < chunks; i++) t.emit(`\x1b[3${i % 8}mline ${i} ${'x'.repeat(i % 40)}\x1b[0m\r\n`);
    t.emit('done\r\n$ ');
    await t.flush();
    const want = textOf(t.term);
    await waitUntil(() => JSON.stringify(textOf(v.term)) === JSON.stringify(want), 'the viewer shows the last screen');
    expect(v.term.buffer.active.cursorY).toBe(t.term.buffer.active.cursorY);
    expect(v.term.buffer.active.cursorX).toBe(t.term.buffer.active.cursorX);
    // Intermediate states were skipped: far fewer frames than chunks, and no byte stream.
    expect(frames(v.raw).length).toBeLessThan(chunks / 10);
    expect(v.raw.messages.some((m) => m.type === 'output' || m.type === 'snapshot')).toBe(false);
  });

  it('never more than two frames wait for their ack', async () => {
    harness = await startHarness();
    const agent = await harness.service.createAgent({ cols: 40, rows: 8 });
    const t = harness.service.terminal(agent.id);
    const v = await viewer(harness, agent.id, { ack: false });
    for (let i = 0; i < 50; i++) {
      t.emit(`tick ${i}\r\n`);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(frames(v.raw).length).toBe(2);
    // An ack lets exactly the next frame go, which carries the newest screen.
    v.raw.send({ type: 'ack', agentId: agent.id, id: frames(v.raw)[1]!.id });
    await waitUntil(() => frames(v.raw).length === 3, 'the frame after the ack');
    const last = frames(v.raw)[2]!;
    expect(last.lines.some(([, text]) => text.includes('tick 49'))).toBe(true);
  });

  it('a reconnect resumes from the last applied frame with a diff, an unknown one gets a full screen', async () => {
    harness = await startHarness();
    const agent = await harness.service.createAgent({ cols: 40, rows: 8 });
    const t = harness.service.terminal(agent.id);
    t.emit('one\r\ntwo\r\n');
    const first = await viewer(harness, agent.id, { ack: true });
    await waitUntil(() => textOf(first.term).includes('two'), 'first screen');
    expect(frames(first.raw)[0]!.full).toBe(true);
    const last = first.lastId()!;
    first.raw.close();
    t.emit('three\r\n');
    // A new viewer terminal holding what the old one had (the page keeps its terminal across reconnects).
    const again = await viewer(harness, agent.id, { ack: true, lastFrame: last });
    await waitUntil(() => frames(again.raw).length > 0, 'resumed frame');
    const resumed = frames(again.raw)[0]!;
    expect(resumed.full).toBe(false);
    expect(resumed.lines.map(([, text]) => text)).toEqual(['three']);
    const stranger = await viewer(harness, agent.id, { ack: true, lastFrame: 12345 });
    await waitUntil(() => frames(stranger.raw).length > 0, 'full frame');
    expect(frames(stranger.raw)[0]!.full).toBe(true);
  });

  it('sends only the viewed agent, and nothing after unsubscribe', async () => {
    harness = await startHarness();
    const a = await harness.service.createAgent({ cols: 40, rows: 8 });
    const b = await harness.service.createAgent({ cols: 40, rows: 8 });
    const v = await viewer(harness, a.id, { ack: true });
    await waitUntil(() => v.applied() > 0, 'first frame');
    harness.service.terminal(b.id).emit('other agent\r\n');
    harness.service.terminal(a.id).emit('viewed agent\r\n');
    await waitUntil(() => textOf(v.term).some((l) => l.includes('viewed agent')), 'the viewed agent');
    expect(frames(v.raw).every((f) => f.agentId === a.id)).toBe(true);
    v.raw.send({ type: 'request', id: 2, method: 'terminal.unsubscribe', params: { agentId: a.id } });
    await v.raw.next((m) => m.type === 'response' && m.id === 2, 'unsubscribe reply');
    const count = frames(v.raw).length;
    harness.service.terminal(a.id).emit('after\r\n');
    // A request answered after the output means the output was handled: no frame came for it.
    v.raw.send({ type: 'request', id: 3, method: 'agent.list', params: {} });
    await v.raw.next((m) => m.type === 'response' && m.id === 3, 'list reply');
    await new Promise((r) => setTimeout(r, 50));
    expect(frames(v.raw).length).toBe(count);
  });
});
