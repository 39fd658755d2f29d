// TUI mirrors hold the screen only: they subscribe without history, and after a PTY resize (where a taller screen
// pulls history back into view) they are subscribed again for the daemon's screen, each output applied once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Tui } from '../../src/core/constants.js';
import type { Terminal } from '../../src/tui/headless-terminal.js';
import { AgentMirror } from '../../src/tui/agent-mirror.js';
import { MirrorSet } from '../../src/tui/mirror-set.js';
import { FakeApi } from './fake-api.js';

function rowsOf(term: Pick<Terminal, 'rows' | 'buffer'>): string[] {
  const buf = term.buffer.active;
  return Array.from({ length: term.rows }, (_, y) => buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
}

let set: MirrorSet | undefined;
afterEach(() => {
  set?.dispose();
  set = undefined;
});

describe('TUI mirror', () => {
  it('subscribes with the screen only and keeps no history', async () => {
    const api = new FakeApi();
    set = new MirrorSet(api);
    set.reconcile(['a1']);
    await vi.waitFor(() => expect(api.subscriberCount('a1')).toBe(1));
    api.pushSnapshot('a1', Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\r\n'), 20, 5);
    await vi.waitFor(() => expect(set!.get('a1')?.live).toBe(true));
    expect(api.subscribes).toEqual([{ agentId: 'a1', scrollbackLines: Tui.MIRROR_SCROLLBACK_LINES }]);
    expect(Tui.MIRROR_SCROLLBACK_LINES).toBe(0);
    expect(set.get('a1')!.terminal!.buffer.active.length).toBe(5);
  });

  it('shows the daemon screen after the PTY grows (rows pulled back from history), then applies each output once', async () => {
    const api = new FakeApi();
    set = new MirrorSet(api);
    set.reconcile(['a1']);
    await vi.waitFor(() => expect(api.subscriberCount('a1')).toBe(1));
    api.pushSnapshot('a1', Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\r\n'), 20, 5);
    await vi.waitFor(() => expect(set!.get('a1')?.live).toBe(true));
    api.pushResize('a1', 20, 10);
    const daemon = api.screens.get('a1')!;
    // The daemon's terminal pulled five rows of history into the taller screen; the mirror has none of its own.
    const want = rowsOf(daemon.terminal);
    expect(want[0]).toBe('line 20');
    await vi.waitFor(() => expect(rowsOf(set!.get('a1')!.terminal!)).toEqual(want));
    expect(api.subscribes).toHaveLength(2);
    // The first subscription is let go once the new snapshot is in: output is not applied twice.
    await vi.waitFor(() => expect(api.subscriberCount('a1')).toBe(1));
    api.pushOutput('a1', '+X');
    await vi.waitFor(() => expect(rowsOf(set!.get('a1')!.terminal!)).toEqual(rowsOf(daemon.terminal)));
    expect(rowsOf(set.get('a1')!.terminal!).at(-1)).toBe('line 29+X');
  });

  it('shows the old screen until a new snapshot is parsed (no empty pane while it parses)', async () => {
    const mirror = new AgentMirror('a1');
    try {
      mirror.applySnapshot({ agentId: 'a1', cols: 80, rows: 5, seq: 1, data: 'old screen' });
      await vi.waitFor(() => expect(mirror.live).toBe(true));
      // Long enough that xterm parses it in slices (its time budget per slice is ~12 ms).
      const long = Array.from({ length: 60_000 }, (_, i) => `\x1b[3${i % 8}mline ${i} ${'x'.repeat(60)}`).join('\r\n');
      mirror.applySnapshot({ agentId: 'a1', cols: 80, rows: 5, seq: 2, data: long });
      // The old screen, or the new one whole (parsed at once): never an empty or half-parsed one.
      expect(['old screen', `line 59995 ${'x'.repeat(60)}`]).toContain(rowsOf(mirror.terminal!)[0]);
      await vi.waitFor(() => expect(rowsOf(mirror.terminal!).at(-1)).toMatch(/^line 59999 x+$/), { timeout: 10_000 });
    } finally {
      mirror.dispose();
    }
  });
});
