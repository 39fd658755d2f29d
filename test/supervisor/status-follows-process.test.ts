// An agent whose status follows its process (the `command` adapter) is never judged by its screen: the session makes
// no detector for it, so its output arms no status timers (100 streaming agents re-armed two each per chunk).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentAdapter } from '../../src/core/adapter.js';
import type { AgentRecord, AgentStatus } from '../../src/core/agent.js';
import { AgentSession } from '../../src/supervisor/agent-session.js';
import { HeadlessScreen } from '../../src/terminal/headless-screen.js';
import { posingTerminal, type PosingTerminal } from './helpers/posing-terminal.js';

const open: Array<{ session: AgentSession; t: PosingTerminal }> = [];
afterEach(() => {
  vi.useRealTimers();
  for (const o of open.splice(0)) {
    o.session.dispose();
    o.t.dispose();
  }
});

function rig(statusFollowsProcess: boolean) {
  const now = new Date().toISOString();
  const record: AgentRecord = { id: 'a1', title: 't', provider: 'p', mode: 'default', cwd: '/proj', status: 'starting', cols: 40, rows: 5, createdAt: now, updatedAt: now };
  const statuses: AgentStatus[] = [];
  const session = new AgentSession(record, {
    onRecord: (r) => statuses.push(r.status),
    saveScreen: async () => {},
    onExit: () => {},
    scrollbackLines: 100,
    restoreScreen: () => new HeadlessScreen({ cols: 40, rows: 5 }),
  });
  const t = posingTerminal({ cols: 40, rows: 5 }, () => {});
  const createStateDetector = vi.fn(() => ({ detect: () => 'idle' as const }));
  const adapter = {
    name: 'p',
    interruptKeys: '\x03',
    encodePrompt: (x: string) => [x, '\r'],
    createStateDetector,
    statusFollowsProcess,
  } as unknown as AgentAdapter;
  session.attachTerminal(t.term, adapter, undefined);
  session.dispatch({ kind: 'spawned', pid: 4242 });
  open.push({ session, t });
  return { session, t, statuses, createStateDetector };
}

describe('status that follows the process', () => {
  it('makes no screen detector and arms no timers on output', async () => {
    vi.useFakeTimers();
    const { t, statuses, createStateDetector } = rig(true);
    const before = vi.getTimerCount();
    t.screen.write('busy output\r\n');
    await t.screen.drained();
    expect(createStateDetector).not.toHaveBeenCalled();
    // The screen saver's one timer, nothing per status check.
    expect(vi.getTimerCount() - before).toBeLessThanOrEqual(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(statuses.at(-1)).toBe('running');
  });

  it('an agent judged by its screen still gets its detector', async () => {
    const { createStateDetector } = rig(false);
    expect(createStateDetector).toHaveBeenCalledTimes(1);
  });
});
