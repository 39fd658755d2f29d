// Webhooks to local receivers (http on 127.0.0.1:0): ntfy and JSON formats, event filters, retries with backoff, and
// a receiver that hangs or fails holding neither the agent's events nor another hook.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentRecord, Attention } from '../../../src/core/agent.js';
import { Emitter } from '../../../src/core/event.js';
import type { AgentEvent, ApprovalInfo } from '../../../src/core/protocol.js';
import { loadConfig } from '../../../src/supervisor/config-store.js';
import { ConfigError } from '../../../src/core/errors.js';
import type { WebhookConfig } from '../../../src/supervisor/notifications/webhook-config.js';
import { WebhookNotifier } from '../../../src/supervisor/notifications/webhook-notifier.js';
import type { SenderTiming } from '../../../src/supervisor/notifications/webhook-sender.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  atMs: number;
}

/** A receiver answering each request with `reply(n)` (n = 1 for the first): a status, or 'hang' (never answers). */
async function receiver(reply: (n: number) => number | 'hang' = () => 200): Promise<{ url: string; got: Received[]; next(count: number): Promise<Received[]> }> {
  const got: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body, atMs: Date.now() });
      for (const w of waiters.splice(0)) w();
      const r = reply(got.length);
      if (r !== 'hang') res.writeHead(r).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    next: async (count) => {
      while (got.length < count) await new Promise<void>((r) => waiters.push(r));
      return got;
    },
  };
}

const servers: http.Server[] = [];
const notifiers: WebhookNotifier[] = [];
afterEach(async () => {
  for (const n of notifiers.splice(0)) n.dispose();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const FAST: SenderTiming = { timeoutMs: 300, retryBaseMs: 60, maxAttempts: 3, queueMax: 10 };

class FakeApi {
  readonly emitter = new Emitter<AgentEvent>();
  readonly onDidChangeAgent = this.emitter.event;
  approvals: ApprovalInfo[] = [];
  screen = '';
  async readLogs(): Promise<string> {
    return this.screen;
  }
  async listApprovals(): Promise<ApprovalInfo[]> {
    return this.approvals;
  }
}

function agent(attention: Attention | undefined, extra: Partial<AgentRecord> = {}): AgentRecord {
  return {
    id: 'a1b2c3',
    title: 'fix tests',
    provider: 'claude',
    mode: 'default',
    cwd: '/repo',
    status: attention === 'permission' ? 'waiting' : attention === 'error' ? 'error' : 'idle',
    cols: 80,
    rows: 24,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...(attention ? { attention } : {}),
    ...extra,
  };
}

function hook(url: string, over: Partial<WebhookConfig> = {}): WebhookConfig {
  return { url, events: ['finished', 'permission', 'error'], format: 'ntfy', includeText: false, ...over };
}

function start(api: FakeApi, hooks: WebhookConfig[], timing: SenderTiming = FAST): WebhookNotifier {
  const n = new WebhookNotifier(hooks, api, timing);
  notifiers.push(n);
  return n;
}

describe('webhooks', () => {
  it('ntfy: body is the message, Title/Tags/Priority headers; permission names the tool', async () => {
    const r = await receiver();
    const api = new FakeApi();
    start(api, [hook(r.url)]);
    api.approvals = [{ id: 'q', agentId: 'a1b2c3', tool: 'Bash', command: 'git push origin main', createdAt: '', deadlineAt: '' } as ApprovalInfo];
    api.emitter.fire({ kind: 'changed', agent: agent('permission') });
    const [got] = await r.next(1);
    expect(got!.body).toBe('"fix tests" needs permission for Bash: git push origin main');
    expect(got!.headers).toMatchObject({ title: 'paseo: fix tests', tags: 'warning', priority: '4' });
  });

  it('json: one object with event, message, agent; includeText adds the screen, sanitized', async () => {
    const r = await receiver();
    const api = new FakeApi();
    api.screen = 'all 12 tests pass\x1b]52;c;c2VjcmV0\x07\n\x1b[31mdone\x1b[0m\n';
    start(api, [hook(r.url, { format: 'json', includeText: true })]);
    api.emitter.fire({ kind: 'changed', agent: agent('finished') });
    const [got] = await r.next(1);
    expect(got!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({ event: 'finished', message: '"fix tests" finished', agent: { id: 'a1b2c3', title: 'fix tests', provider: 'claude', cwd: '/repo' } });
    expect(body.text).toBe('all 12 tests pass\ndone');
  });

  it('sends only the events a hook asked for, once per change of attention', async () => {
    const errors = await receiver();
    const all = await receiver();
    const api = new FakeApi();
    start(api, [hook(errors.url, { events: ['error'], format: 'json' }), hook(all.url, { format: 'json' })]);
    api.emitter.fire({ kind: 'changed', agent: agent('finished') });
    api.emitter.fire({ kind: 'changed', agent: agent('finished', { updatedAt: 'later' }) });
    api.emitter.fire({ kind: 'changed', agent: agent(undefined, { status: 'running' }) });
    api.emitter.fire({ kind: 'changed', agent: agent('error', { statusDetail: 'exit 1' }) });
    await all.next(2);
    await errors.next(1);
    expect(all.got.map((g) => JSON.parse(g.body).event)).toEqual(['finished', 'error']);
    expect(errors.got.map((g) => JSON.parse(g.body).message)).toEqual(['"fix tests" failed: exit 1']);
  });

  it('a failing receiver is retried with doubling delays until it answers', async () => {
    const r = await receiver((n) => (n < 3 ? 500 : 200));
    const api = new FakeApi();
    start(api, [hook(r.url)]);
    api.emitter.fire({ kind: 'changed', agent: agent('error') });
    const got = await r.next(3);
    const gaps = [got[1]!.atMs - got[0]!.atMs, got[2]!.atMs - got[1]!.atMs];
    expect(gaps[0]).toBeGreaterThanOrEqual(FAST.retryBaseMs);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * FAST.retryBaseMs);
    expect(new Set(got.map((g) => g.body)).size).toBe(1);
  });

  it('a hanging receiver holds neither the agent events nor another hook; it is cut off and retried, then given up', async () => {
    const hang = await receiver(() => 'hang');
    const ok = await receiver();
    const api = new FakeApi();
    const timing = { ...FAST, timeoutMs: 800, retryBaseMs: 20, maxAttempts: 2 };
    start(api, [hook(hang.url), hook(ok.url)], timing);
    const seen: string[] = [];
    api.onDidChangeAgent((e) => e.kind === 'changed' && seen.push(e.agent.attention ?? 'none'));
    api.emitter.fire({ kind: 'changed', agent: agent('permission') });
    api.emitter.fire({ kind: 'changed', agent: agent('finished') });
    // Every listener had both events the moment they were fired: nothing waited for a receiver.
    expect(seen).toEqual(['permission', 'finished']);
    await ok.next(2);
    expect(ok.got.map((g) => g.headers.tags)).toEqual(['warning', 'white_check_mark']);
    // Both reached the working hook while the hung one still holds its first attempt (its queue is its own).
    expect(hang.got).toHaveLength(1);
    // The hung request is cut off after timeoutMs and retried: each attempt of the first notification, then the second's.
    await hang.next(timing.maxAttempts + 1);
    expect(hang.got.slice(0, timing.maxAttempts).every((g) => g.headers.tags === 'warning')).toBe(true);
    expect(hang.got[timing.maxAttempts]!.headers.tags).toBe('white_check_mark');
  });
});

describe('config', () => {
  const homes: string[] = [];
  afterEach(() => {
    for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
  });
  function homeWith(config: unknown): string {
    const h = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-hooks-'));
    homes.push(h);
    fs.writeFileSync(path.join(h, 'config.json'), JSON.stringify(config));
    return h;
  }

  it('notifications.webhooks with defaults filled in; none when absent', () => {
    const h = homeWith({ notifications: { webhooks: [{ url: 'https://ntfy.sh/my-topic' }, { url: 'http://127.0.0.1:9/x', events: ['error'], format: 'json', includeText: true }] } });
    expect(loadConfig(h).webhooks).toEqual([
      { url: 'https://ntfy.sh/my-topic', events: ['finished', 'permission', 'error'], format: 'ntfy', includeText: false },
      { url: 'http://127.0.0.1:9/x', events: ['error'], format: 'json', includeText: true },
    ]);
    expect(loadConfig(homeWith({})).webhooks).toEqual([]);
  });

  it('a bad hook is a ConfigError', () => {
    expect(() => loadConfig(homeWith({ notifications: { webhooks: [{ url: 'https://x', format: 'xml' }] } }))).toThrow(ConfigError);
    expect(() => loadConfig(homeWith({ notifications: { webhooks: [{ url: 'https://x', events: ['done'] }] } }))).toThrow(ConfigError);
    expect(() => loadConfig(homeWith({ notifications: { webhooks: [{ url: 'ftp://x' }] } }))).toThrow(ConfigError);
  });
});
