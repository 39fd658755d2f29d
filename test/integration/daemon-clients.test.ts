// Several clients on one real daemon: convergence, a stalled client, malformed traffic, hostile origins.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import xterm from '@xterm/headless';
import type { PaseoApi, TerminalListener } from '../../src/core/api.js';
import type { Disposable } from '../../src/core/disposable.js';
import { PaseoSandbox, until } from '../helpers/paseo-cli.js';

const { Terminal } = xterm;
type Term = InstanceType<typeof Terminal>;

let sb: PaseoSandbox;
const clients: Array<PaseoApi & Disposable> = [];

async function connect(): Promise<PaseoApi & Disposable> {
  const { PaseoClient } = await import('../../src/client/paseo-client.js');
  const c = (await PaseoClient.connect({ url: sb.wsUrl, token: sb.token(), kind: 'test' })) as unknown as PaseoApi & Disposable;
  clients.push(c);
  return c;
}

/** A client-side mirror: snapshot into a terminal of its size, then deltas in order. */
function mirror(): { term: () => Term; listener: TerminalListener; lastSeq: () => number; snapshots: () => number } {
  let term: Term | undefined;
  let seq = -1;
  let snaps = 0;
  return {
    term: () => term!,
    lastSeq: () => seq,
    snapshots: () => snaps,
    listener: {
      onSnapshot(s) {
        term?.dispose();
        term = new Terminal({ cols: s.cols, rows: s.rows, scrollback: 1000, allowProposedApi: true });
        term.write(s.data);
        seq = s.seq;
        snaps++;
      },
      onDelta(d) {
        if (!term || d.seq <= seq) return;
        seq = d.seq;
        if (d.kind === 'output') term.write(d.data);
        else term.resize(d.cols, d.rows);
      },
    },
  };
}

async function settled(term: Term): Promise<void> {
  await new Promise<void>((r) => term.write('', r));
}

function screenCells(term: Term): string[] {
  const buf = term.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y);
    let row = '';
    for (let x = 0; x < term.cols; x++) {
      const c = line?.getCell(x);
      row += `${c?.getChars() || ' '}|${c?.getFgColor()}|${c?.getBgColor()}|${c?.isBold()};`;
    }
    rows.push(row);
  }
  return rows;
}

function screenText(term: Term): string {
  const buf = term.buffer.active;
  const out: string[] = [];
  for (let y = 0; y < term.rows; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
  return out.join('\n');
}

beforeAll(async () => {
  sb = await PaseoSandbox.create();
  const r = await sb.run(['daemon', 'start']);
  expect(r.code).toBe(0);
});
afterAll(async () => {
  for (const c of clients) c.dispose();
  await sb.dispose();
});

describe('clients of one daemon', () => {
  it('two subscribed clients converge on the same screen, cell by cell', async () => {
    const a = await connect();
    const b = await connect();
    const agent = await a.createAgent({ provider: 'shell', cwd: os.tmpdir(), cols: 80, rows: 24 });
    const ma = mirror();
    const mb = mirror();
    const subA = await a.subscribeTerminal(agent.id, ma.listener);
    const subB = await b.subscribeTerminal(agent.id, mb.listener);
    await a.sendText(agent.id, `for i in $(seq 1 40); do printf '\\e[3%dmline %d \\e[1mbold\\e[0m ✓ 漢字\\n' $((i % 7)) $i; done; echo conv-done`, { queue: false });
    await until(() => ma.term() && screenText(ma.term()).includes('conv-done') && screenText(mb.term()).includes('conv-done'), 'both see the end', 15_000);
    await until(async () => {
      await settled(ma.term());
      await settled(mb.term());
      return ma.lastSeq() === mb.lastSeq() && JSON.stringify(screenCells(ma.term())) === JSON.stringify(screenCells(mb.term()));
    }, 'cells equal', 10_000);
    expect(screenCells(ma.term())).toEqual(screenCells(mb.term()));
    expect(screenText(ma.term())).toContain('漢字');
    subA.dispose();
    subB.dispose();
    await a.stopAgent(agent.id);
  });

  it('a client that stops reading during 50 MB leaves the other client and the agent at full speed, and converges after', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-flood-'));
    const file = path.join(dir, 'flood.txt');
    const line = '\x1b[32mok\x1b[0m build step compiling module with a reasonably long line of text 0123456789\n';
    fs.writeFileSync(file, line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)));
    const fast = await connect();
    const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${sb.daemonPid()}/status`, 'utf8'))?.[1]);

    async function flood(withStalled: boolean): Promise<{ ms: number; rssGrowthKb: number; stalled?: WebSocket; agentId: string }> {
      const agent = await fast.createAgent({ provider: 'command', command: ['/bin/sh', '-c', `read x; cat ${file}; echo FLOOD-END; sleep 600`], cwd: dir });
      let stalled: WebSocket | undefined;
      if (withStalled) {
        stalled = new WebSocket(sb.wsUrl);
        await new Promise((r) => stalled!.once('open', r));
        stalled.send(JSON.stringify({ type: 'hello', protocol: 1, token: sb.token(), client: { kind: 'test' } }));
        await new Promise((r) => stalled!.once('message', r));
        stalled.send(JSON.stringify({ type: 'request', id: 1, method: 'terminal.subscribe', params: { agentId: agent.id } }));
        await new Promise((r) => stalled!.once('message', r));
        // Stop reading: the kernel buffers fill and the daemon sees a client that does not drain.
        (stalled as unknown as { _socket: { pause(): void } })._socket.pause();
      }
      const m = mirror();
      const sub = await fast.subscribeTerminal(agent.id, m.listener);
      const rss0 = rssKb();
      let peak = rss0;
      const t0 = Date.now();
      fast.writeInput(agent.id, 'go\r');
      await until(() => {
        peak = Math.max(peak, rssKb());
        return m.term() && screenText(m.term()).includes('FLOOD-END');
      }, 'flood end', 120_000, 100);
      const ms = Date.now() - t0;
      sub.dispose();
      return { ms, rssGrowthKb: peak - rss0, stalled, agentId: agent.id };
    }

    const base = await flood(false);
    const withSlow = await flood(true);
    // The agent and the reading client are not held back by the stalled one (generous bound; bench/ measures precisely).
    expect(withSlow.ms).toBeLessThan(base.ms * 2 + 3_000);
    expect(withSlow.rssGrowthKb).toBeLessThan(200 * 1024);

    // The stalled client resumes: it drains and gets a fresh snapshot showing the end of the flood.
    let lastSnapshot = '';
    withSlow.stalled!.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { type: string; data?: string };
      if (msg.type === 'snapshot') lastSnapshot = msg.data ?? '';
    });
    (withSlow.stalled as unknown as { _socket: { resume(): void } })._socket.resume();
    await until(() => lastSnapshot.includes('FLOOD-END'), 'resynced snapshot after resume', 60_000, 100);
    withSlow.stalled!.close();
    await fast.stopAgent(base.agentId);
    await fast.stopAgent(withSlow.agentId);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);

  it('survives 1 000 malformed, unknown and oversized messages', async () => {
    const ws = new WebSocket(sb.wsUrl);
    await new Promise((r) => ws.once('open', r));
    let errors = 0;
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { type: string; error?: unknown };
      if (msg.type === 'error' || (msg.type === 'response' && msg.error)) errors++;
    });
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: sb.token(), client: { kind: 'test' } }));
    const junk = ['{', 'null', '[]', '{"type":"nope"}', '{"type":"request","id":"x"}', '{"type":"request","id":7,"method":"no.such"}', '{"type":"input"}', '"str"'];
    for (let i = 0; i < 1000; i++) ws.send(junk[i % junk.length]!);
    await until(() => errors >= 990, 'error replies', 20_000);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    // Oversized: may close that socket, must not hurt the daemon.
    const big = new WebSocket(sb.wsUrl);
    await new Promise((r) => big.once('open', r));
    big.send('x'.repeat(2 * 1024 * 1024));
    await new Promise((r) => big.once('close', r));
    const health = await fetch(`http://${sb.listen}/api/health`);
    expect(health.status).toBe(200);
    const other = await connect();
    expect(Array.isArray(await other.listAgents())).toBe(true);
    ws.close();
  });

  it('refuses a foreign Origin and a rebinding Host at the upgrade, and a wrong token', async () => {
    const port = sb.listen.split(':')[1];
    const refused = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(sb.wsUrl, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => resolve(-1));
      });
    expect(await refused({ Origin: 'http://evil.example' })).toBe(403);
    expect(await refused({ Host: `evil.example:${port}` })).toBeGreaterThanOrEqual(400);
    expect(await refused({ Origin: `http://127.0.0.1:${port}` })).toBe(101);
    const hook = await fetch(`http://${sb.listen}/hooks/x/Stop`, { method: 'POST', headers: { Origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(hook.status).toBe(403);
    const { PaseoClient } = await import('../../src/client/paseo-client.js');
    await expect(PaseoClient.connect({ url: sb.wsUrl, token: 'wrong', kind: 'test' })).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
