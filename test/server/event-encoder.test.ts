import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/core/protocol.js';
import { EventEncoder, sharedEventEncoder } from '../../src/server/event-encoder.js';
import { startHarness, waitUntil, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('event frames', () => {
  it('encodes one fired event once, whatever the number of clients, and a new event afresh', () => {
    const enc = new EventEncoder();
    const event = { kind: 'removed', agentId: 'a1' } as AgentEvent;
    const a = enc.encode(event);
    expect(enc.encode(event)).toBe(a);
    expect(JSON.parse(a.toString('utf8'))).toEqual({ type: 'event', event });
    enc.encode({ kind: 'removed', agentId: 'a1' } as AgentEvent);
    expect(enc.encodeCount).toBe(2);
  });

  it('every subscribed client gets the event; the daemon stringified it once', async () => {
    h = await startHarness();
    const clients = await Promise.all([1, 2, 3].map(() => h!.connect()));
    const seen = clients.map(() => [] as AgentEvent[]);
    clients.forEach((c, i) => c.onDidChangeAgent((e) => seen[i]!.push(e)));
    // The subscriptions are in place once an event sent after them reaches every client.
    const warmUp = setInterval(() => void h!.service.createAgent({ title: 'warm-up' }), 10);
    await waitUntil(() => seen.every((s) => s.length > 0), 'a warm-up event everywhere').finally(() => clearInterval(warmUp));
    const warmUps = await h.service.listAgents();
    await waitUntil(() => seen.every((s) => s.length === warmUps.length), 'every warm-up event everywhere');
    const before = sharedEventEncoder.encodeCount;
    await h.service.createAgent({ title: 'counted' });
    await waitUntil(() => seen.every((s) => s.length === warmUps.length + 1), 'the event everywhere');
    for (const s of seen) expect(s.at(-1)).toMatchObject({ kind: 'added', agent: { title: 'counted' } });
    expect(sharedEventEncoder.encodeCount - before).toBe(1);
  });
});
