/** Startup and frame timing behaviour: the first frame needs no Ink, and an echo after idle is drawn without a timer. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

// Records how many frames stdout had received when the Ink chrome module was first loaded.
const probe = vi.hoisted(() => ({ chunks: undefined as string[] | undefined, framesWhenInkLoaded: -1 }));
vi.mock('../../src/tui/chrome/render-chrome.js', async (importOriginal) => {
  probe.framesWhenInkLoaded = (probe.chunks ?? []).filter((c) => c.includes('\x1b[?2026h')).length;
  return importOriginal();
});

const open: Harness[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const h of open.splice(0)) h.session.restore();
});

describe('TUI startup', () => {
  it('draws the first frames (plain chrome, then the pane) before the Ink chrome module is loaded, then the Ink chrome', async () => {
    const api = new FakeApi();
    api.addAgent({ id: 'a1', title: 'one' });
    // The daemon answers the subscribe with the agent's screen.
    const subscribe = api.subscribeTerminal.bind(api);
    api.subscribeTerminal = async (id, listener, opts) => {
      const sub = await subscribe(id, listener, opts);
      queueMicrotask(() => api.pushSnapshot(id, 'hello$ ', 40, 10));
      return sub;
    };
    const h = startHarness({ cols: 80, rows: 24, api });
    open.push(h);
    probe.chunks = h.stdout.chunks;
    await h.waitFor((t) => t.includes('hello$') && t.includes('agents (1)'), 'pane and chrome');
    expect(probe.framesWhenInkLoaded).toBeGreaterThanOrEqual(1);
    const beforeInk = h.stdout.chunks.filter((c) => c.includes('\x1b[?2026h')).slice(0, probe.framesWhenInkLoaded).join('');
    expect(beforeInk).toContain('hello$');
    // Ink's chrome is in place at the end: the status line's agent counts come only from it.
    expect(h.stdout.text()).toContain('1 running');
  });
});

describe('frame timing', () => {
  it('draws the echo of a keystroke typed after an idle period without waiting for any timer', async () => {
    const api = new FakeApi();
    api.addAgent({ id: 'a1', title: 'one' });
    const h = startHarness({ cols: 80, rows: 24, api });
    open.push(h);
    await h.settle();
    api.pushSnapshot('a1', 'cat$ ', 40, 10);
    await h.waitFor((t) => t.includes('cat$'), 'pane');
    await new Promise((r) => setTimeout(r, 100)); // idle for longer than a frame interval
    // From here on no timer fires: only I/O callbacks and setImmediate run.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const written = h.stdout.chunks.length;
    h.stdin.type('x');
    expect(api.inputs.at(-1)).toEqual({ agentId: 'a1', data: 'x' });
    api.pushOutput('a1', 'x');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const frame = h.stdout.chunks.slice(written).join('');
    expect(frame).toContain('\x1b[?2026h');
    expect(frame).toContain('x');
  });
});
