/**
 * The page's socket after a phone slept: when the page is shown again it reconnects at once if the socket is gone
 * (not after its backoff), and a socket that looks open must answer a request within a moment or is replaced.
 * Browser globals are small fakes; timers are vitest's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

class FakeWs {
  static all: FakeWs[] = [];
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeWs.all.push(this);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.({ code, reason });
  }
  /** The server side: open, then welcome. */
  accept(): void {
    this.onopen?.();
    this.onmessage?.({ data: JSON.stringify({ type: 'welcome', protocol: 1, version: 't', pid: 1, role: 'operator' }) });
  }
}

const listeners = new Map<string, Array<() => void>>();
const on = (type: string, fn: () => void) => listeners.set(type, [...(listeners.get(type) ?? []), fn]);
const fire = (type: string) => listeners.get(type)?.forEach((fn) => fn());
let visibility = 'visible';

beforeEach(() => {
  vi.useFakeTimers();
  FakeWs.all = [];
  listeners.clear();
  vi.stubGlobal('WebSocket', FakeWs);
  vi.stubGlobal('location', { protocol: 'http:', host: '127.0.0.1:6767' });
  vi.stubGlobal('document', { addEventListener: on, get visibilityState() { return visibility; } });
  vi.stubGlobal('window', { addEventListener: on, setTimeout, clearTimeout });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function openSocket() {
  const { PageSocket } = await import('../../src/web/page-socket.js');
  const events = { opens: 0, closes: 0 };
  const socket = new PageSocket({ onOpen: () => events.opens++, onClose: () => events.closes++, onEvent() {}, onFrame() {}, onError() {} });
  return { socket, events };
}

describe('page socket', () => {
  it('does nothing by itself before connect() (pairing comes first)', async () => {
    await openSocket();
    fire('pageshow');
    fire('visibilitychange');
    expect(FakeWs.all).toHaveLength(0);
  });

  it('reconnects at once when the page is shown again after the socket died', async () => {
    const { socket, events } = await openSocket();
    socket.connect();
    FakeWs.all[0]!.accept();
    expect(events.opens).toBe(1);
    // Several failed attempts push the backoff up to seconds.
    for (let i = 0; i < 4; i++) {
      FakeWs.all.at(-1)!.close(1006);
      await vi.runOnlyPendingTimersAsync();
    }
    FakeWs.all.at(-1)!.close(1006);
    const before = FakeWs.all.length;
    visibility = 'visible';
    fire('visibilitychange');
    expect(FakeWs.all.length).toBe(before + 1);
    FakeWs.all.at(-1)!.accept();
    expect(events.opens).toBe(2);
    expect(socket.isOpen).toBe(true);
  });

  it('a socket that looks open but does not answer is replaced', async () => {
    const { socket, events } = await openSocket();
    socket.connect();
    const first = FakeWs.all[0]!;
    first.accept();
    fire('visibilitychange');
    // The probe went out; nothing answers it.
    expect(first.sent.some((s) => JSON.parse(s).method === 'agent.list')).toBe(true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(first.closed).toBe(true);
    expect(events.closes).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeWs.all.length).toBe(2);
  });

  it('says hello with the protocol version the daemon speaks (core/protocol.ts), not a copy of it', async () => {
    vi.resetModules();
    vi.doMock('../../src/core/protocol.js', async (importOriginal) => ({ ...(await importOriginal<object>()), PROTOCOL_VERSION: 42 }));
    try {
      const { socket } = await openSocket();
      socket.connect();
      FakeWs.all[0]!.onopen?.();
      expect(JSON.parse(FakeWs.all[0]!.sent[0]!)).toMatchObject({ type: 'hello', protocol: 42 });
    } finally {
      vi.doUnmock('../../src/core/protocol.js');
      vi.resetModules();
    }
  });
});
