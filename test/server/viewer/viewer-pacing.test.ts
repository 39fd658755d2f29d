/**
 * How a viewer stream paces its frames, on a fake clock: the first frame a few ms after output starts, then at most
 * every clamp(RTT/2, 20, 250) ms with the RTT from the acks, at most two unacknowledged, none while the socket has
 * not drained, and intermediate states skipped (a late frame is one bigger diff).
 */
import { describe, expect, it } from 'vitest';
import { Viewer } from '../../../src/core/constants.js';
import { Emitter } from '../../../src/core/event.js';
import type { FrameMessage } from '../../../src/core/viewer-protocol.js';
import type { ScreenSource } from '../../../src/server/viewer/screen-source.js';
import type { ScreenState } from '../../../src/server/viewer/screen-state.js';
import { ViewerStream, type ViewerTimers } from '../../../src/server/viewer/viewer-stream.js';

class FakeClock implements ViewerTimers {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

/** A screen whose state is one line of text; `print` changes it and says so. */
class FakeSource {
  private id = 100;
  private state: ScreenState = this.make('');
  readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private make(text: string): ScreenState {
    return { id: this.id++, cols: 20, rows: 2, epoch: 1, top: 0, lines: [text, ''], cursor: [0, 0, true], title: '', modes: { appCursor: false, bracketedPaste: false, alt: false } };
  }
  print(text: string): void {
    this.state = this.make(text);
    this.changed.fire();
  }
  capture(): ScreenState {
    return this.state;
  }
  recall(): ScreenState | undefined {
    return undefined;
  }
}

function setup() {
  const clock = new FakeClock();
  const source = new FakeSource();
  const sent: Array<{ at: number; frame: FrameMessage }> = [];
  let unsent = 0;
  const stream = new ViewerStream('a', source as unknown as ScreenSource, { send: (frame) => sent.push({ at: clock.t, frame }), unsentBytes: () => unsent }, undefined, clock);
  return { clock, source, sent, stream, setUnsent: (n: number) => (unsent = n) };
}

describe('viewer stream pacing', () => {
  it('sends the screen at once, then the first change a few ms after output starts', () => {
    const { clock, source, sent, stream } = setup();
    expect(sent.map((s) => s.frame.full)).toEqual([true]);
    stream.ack(sent[0]!.frame.id);
    clock.advance(1000);
    source.print('a');
    clock.advance(Viewer.FIRST_FRAME_DELAY_MS - 1);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.at).toBe(1000 + Viewer.FIRST_FRAME_DELAY_MS);
    stream.dispose();
  });

  it('spaces frames by half the RTT the acks show, clamped to 20..250 ms, skipping the states between', () => {
    for (const [rtt, want] of [
      [10, Viewer.FRAME_MIN_INTERVAL_MS],
      [200, 100],
      [1000, Viewer.FRAME_MAX_INTERVAL_MS],
    ] as const) {
      const { clock, source, sent, stream } = setup();
      // The viewer acks every frame `rtt` ms after it was sent.
      const acked = new Set<number>();
      const ackDue = () => {
        for (const s of sent) if (!acked.has(s.frame.id) && clock.t - s.at >= rtt) {
          acked.add(s.frame.id);
          stream.ack(s.frame.id);
        }
      };
      // Output every 2 ms for 3 s.
      for (let t = 0; t < 3000; t += 2) {
        source.print(`line ${t}`);
        clock.advance(2);
        ackDue();
      }
      const gaps = sent.slice(5).map((s, i) => s.at - sent[i + 4]!.at);
      const sorted = [...gaps].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      expect(median, `rtt ${rtt}`).toBeGreaterThanOrEqual(want);
      expect(median, `rtt ${rtt}`).toBeLessThanOrEqual(want + 4);
      // 1500 states printed, a frame per interval sent: the rest were skipped.
      expect(sent.length).toBeLessThan(3000 / want + 10);
      // Each frame carries the newest state at its time.
      expect(sent.at(-1)!.frame.lines[0]![1]).toMatch(/^line \d+$/);
      stream.dispose();
    }
  });

  it('waits for an ack when two frames are unacknowledged, and for the socket to drain', () => {
    const { clock, source, sent, stream, setUnsent } = setup();
    for (let i = 0; i < 20; i++) {
      source.print(`x${i}`);
      clock.advance(50);
    }
    // The first (full) frame and one more, then nothing until an ack.
    expect(sent).toHaveLength(2);
    stream.ack(sent[1]!.frame.id);
    clock.advance(Viewer.FIRST_FRAME_DELAY_MS);
    expect(sent).toHaveLength(3);
    expect(sent[2]!.frame.lines).toEqual([[0, 'x19']]);
    // Acked, but the socket still holds bytes: no frame until it drained.
    stream.ack(sent[2]!.frame.id);
    setUnsent(10_000);
    source.print('late');
    clock.advance(500);
    expect(sent).toHaveLength(3);
    setUnsent(0);
    clock.advance(Viewer.DRAIN_POLL_MS);
    expect(sent).toHaveLength(4);
    expect(sent[3]!.frame.lines).toEqual([[0, 'late']]);
    stream.dispose();
  });
});
