// The viewer stream (the phone's terminal stream) on a big output and on a slow link.
//  bytes  : what one viewer receives while an agent prints the 50 MiB build log (80x24), beside a tmux client and
//           today's byte stream; and how long after the output ended the viewer shows the final screen.
//  link   : through an in-process throttling proxy (2 Mbit/s down, 0.5 Mbit/s up, 40 ms each way ± 10 ms jitter):
//           first usable screen, keystroke echo, screen staleness while an agent streams, Ctrl-C while it floods,
//           recovery after a 10 s blackout; bytes per minute of a viewed agent and of the event stream alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pty from 'node-pty';
import WebSocket from 'ws';
import { ensureData } from './lib/data.mjs';
import { makeFifo, releaseFifo } from './lib/fifo.mjs';
import { Daemon, createCommandAgent, probePaseo } from './lib/paseo.mjs';
import { row, runMain, skipRow } from './lib/report.mjs';
import { median, now, quantile, sleep, waitFor } from './lib/stats.mjs';
import { markerWatcher } from './lib/text.mjs';
import { Tmux } from './lib/tmux.mjs';
import { startThrottleProxy } from './lib/throttle-proxy.mjs';
import { ViewerClient, loadFrameApplier } from './lib/viewer-client.mjs';

const QUICK = !!process.env.PASEO_BENCH_QUICK;
const MB = Number(process.env.PASEO_BENCH_MB || (QUICK ? 20 : 50));
const MiB = 1048576;
const LINK = { downBps: 2_000_000, upBps: 500_000, delayMs: 40, jitterMs: 10 };
const RTT_MS = 2 * LINK.delayMs;

async function tmuxBytes(mark, script) {
  const tm = new Tmux('viewer');
  try {
    tm.run('new-session', '-d', '-s', 'v', '-x', '80', '-y', '24', script);
    tm.run('set', '-g', 'status', 'off');
    const c = pty.spawn('tmux', ['-L', tm.name, 'attach', '-t', 'v'], { cols: 80, rows: 24, env: { ...process.env, TERM: 'xterm-256color' } });
    let bytes = 0, armed = false, seen;
    const seenP = new Promise((r) => (seen = r));
    const w = markerWatcher(mark, () => seen());
    c.onData((d) => { bytes += Buffer.byteLength(d); if (armed) w(d); });
    await sleep(500);
    bytes = 0; armed = true;
    return { seenP, bytes: () => bytes, done: () => { c.kill(); tm.kill(); } };
  } catch (e) {
    tm.kill();
    throw e;
  }
}

async function partBytes(d, frameToAnsi, rows) {
  const data = ensureData(MB);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-viewer-'));
  const MARK = `ZV${process.pid}ENDZV`;
  // tmux reference: one attached client's bytes over the same output.
  {
    const fifo = makeFifo(tmp, 't.fifo');
    const script = `cat '${fifo}' >/dev/null; cat '${data.buildlog}'; echo ZV${process.pid}EN''DZV; exec sleep 100000`;
    const t = await tmuxBytes(MARK, script);
    await releaseFifo(fifo);
    await Promise.race([t.seenP, sleep(180_000)]);
    rows.tmuxMB = t.bytes() / MiB;
    t.done();
  }
  const fifo = makeFifo(tmp, 'p.fifo');
  const doneFile = path.join(tmp, 'done');
  const script = `cat '${fifo}' >/dev/null; cat '${data.buildlog}'; echo ZV${process.pid}EN''DZV; touch '${doneFile}'; exec sleep 100000`;
  const ctl = await d.connect('ctl');
  const agent = await createCommandAgent(ctl, script, { cols: 80, rows: 24 });
  let viewerSawAt = 0;
  const viewer = await ViewerClient.connect(d.url, d.token, agent.id, frameToAnsi, { onApplied: (v) => { if (!viewerSawAt && v.text().includes(MARK)) viewerSawAt = now(); } });
  // Today's byte stream beside it: a lean client that only counts bytes and looks for the marker.
  const bytesClient = await new Promise((resolve, reject) => {
    const ws = new WebSocket(d.url, { perMessageDeflate: false });
    const st = { ws, bytes: 0, sawAt: 0 };
    let tail = '';
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: d.token, client: { kind: 'test', name: 'bytes' } })));
    ws.on('message', (raw) => {
      st.bytes += raw.length;
      const s = tail + raw.toString('latin1');
      if (!st.sawAt && s.includes(MARK)) st.sawAt = now();
      tail = s.slice(-MARK.length);
      if (s.includes('"type":"welcome"')) { ws.send(JSON.stringify({ type: 'request', id: 1, method: 'terminal.subscribe', params: { agentId: agent.id, scrollbackLines: 0 } })); resolve(st); }
    });
  });
  await sleep(300);
  viewer.bytes = 0; bytesClient.bytes = 0;
  await releaseFifo(fifo);
  await waitFor(() => fs.existsSync(doneFile), 300_000, 20, 'the build log printed');
  const endedAt = now();
  await waitFor(() => viewerSawAt > 0, 60_000, 5, 'the viewer shows the end');
  await waitFor(() => bytesClient.sawAt > 0, 120_000, 20, 'the byte stream shows the end').catch(() => {});
  const out = { viewerMB: viewer.bytes / MiB, frames: viewer.frames, streamMB: bytesClient.bytes / MiB, finalLagMs: Math.max(0, viewerSawAt - endedAt) };
  viewer.close(); bytesClient.ws.terminate(); ctl.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  return out;
}

const NODE_STREAM = (ms, fill) => `node -e "setInterval(()=>process.stdout.write('TS '+Date.now()+' ${'y'.repeat(fill)}\\r\\n'),${ms})"`;
const NODE_FLOOD = (file) => `node -e "process.on('SIGINT',()=>require('fs').writeFileSync('${file}',String(Date.now())));const b=('flood '.repeat(13)+'\\r\\n').repeat(200);(function w(){process.stdout.write(b);setImmediate(w)})()"`;

function newestTs(text) {
  let best = 0;
  for (const m of text.matchAll(/TS (\d{13})/g)) best = Math.max(best, Number(m[1]));
  return best;
}

/**
 * A busy Claude Code: its recorded start (test/fixtures/agents/claude/busy.bytes), then its working redraw every
 * 32 ms (spinner, elapsed time and token count rewritten in place, the input box redrawn), for `seconds`. Returns the
 * bytes per minute a viewer looking at it receives, and what a client watching only the agent list receives.
 */
async function partBusy(d, frameToAnsi, seconds) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-busy-'));
  const replay = path.join(tmp, 'replay.mjs');
  const busy = new URL('../test/fixtures/agents/claude/busy.bytes', import.meta.url);
  fs.writeFileSync(replay, `
const fs = require('fs');
process.stdout.write(fs.readFileSync(${JSON.stringify(busy.pathname)}));
const spin = ['·', '✢', '✳', '✶', '✻', '✽'];
let i = 0, t0 = Date.now();
setInterval(() => {
  i++;
  const s = Math.floor((Date.now() - t0) / 1000);
  process.stdout.write('\x1b[?2026h\x1b[22;1H\x1b[2K\x1b[38;5;174m' + spin[i % spin.length] + ' Thundering…\x1b[39m \x1b[2m(' + s + 's · ↓ ' + (i * 7) + ' tokens · esc to interrupt)\x1b[22m' +
    '\x1b[24;1H\x1b[2K\x1b[2m' + '─'.repeat(100) + '\x1b[22m\x1b[25;1H\x1b[2K> \x1b[26;1H\x1b[2K\x1b[2m' + '─'.repeat(100) + '\x1b[22m\x1b[25;3H\x1b[?2026l');
}, 32);
`.replace(/^\n/, ''));
  fs.renameSync(replay, replay.replace(/\.mjs$/, '.cjs'));
  const ctl = await d.connect('ctl');
  const viewed = await createCommandAgent(ctl, `exec node '${replay.replace(/\.mjs$/, '.cjs')}'`, { cols: 100, rows: 30 });
  const other = await createCommandAgent(ctl, `exec node '${replay.replace(/\.mjs$/, '.cjs')}'`, { cols: 100, rows: 30 });
  const v = await ViewerClient.connect(d.url, d.token, viewed.id, frameToAnsi, { cols: 100, rows: 30 });
  const list = await d.connect('list');
  let listBytes = 0;
  list.ws.on('message', (raw) => (listBytes += raw.length));
  await list.request('events.subscribe', {});
  await sleep(2000);
  v.bytes = 0; listBytes = 0;
  const t0 = now();
  await sleep(seconds * 1000);
  const minutes = (now() - t0) / 60_000;
  const out = { viewedMBperMin: v.bytes / MiB / minutes, listKBperMin: listBytes / 1024 / minutes, frames: v.frames };
  v.close(); list.close();
  for (const a of [viewed, other]) await ctl.request('agent.stop', { agentId: a.id }).catch(() => {});
  ctl.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  return { ...out, otherId: other.id };
}

async function partLink(d, frameToAnsi) {
  const proxy = await startThrottleProxy({ host: '127.0.0.1', port: d.port }, LINK);
  const url = `ws://127.0.0.1:${proxy.port}/ws`;
  const host = `127.0.0.1:${d.port}`;
  const ctl = await d.connect('ctl');
  const res = {};
  try {
    // First usable screen and keystroke echo: `cat` in a PTY (the tty echoes what is typed).
    const cat = await createCommandAgent(ctl, 'exec cat', { cols: 80, rows: 24 });
    await sleep(300);
    const t0 = now();
    let firstAt = 0;
    const v = await ViewerClient.connect(url, d.token, cat.id, frameToAnsi, { host, onApplied: () => { firstAt ||= now(); } });
    await waitFor(() => firstAt > 0, 10_000, 2, 'first frame');
    res.firstScreenMs = firstAt - t0;
    const echo = [];
    for (let i = 0; i < 20; i++) {
      const before = (v.text().match(/k/g) || []).length;
      const t = now();
      v.input('k');
      await waitFor(() => (v.text().match(/k/g) || []).length > before, 5_000, 1, 'echo');
      echo.push(now() - t);
      await sleep(50);
    }
    res.echo = echo;
    v.close();

    // Staleness while an agent streams (a line with its timestamp every 10 ms), bytes per minute viewed and not.
    const streamer = await createCommandAgent(ctl, NODE_STREAM(10, 50), { cols: 80, rows: 24 });
    const sv = await ViewerClient.connect(url, d.token, streamer.id, frameToAnsi, { host });
    const events = await d.connect('events-only');
    let eventBytes = 0;
    events.ws.on('message', (raw) => (eventBytes += raw.length));
    await events.request('events.subscribe', {});
    await sleep(1000);
    const stale = [];
    sv.bytes = 0; eventBytes = 0;
    const t1 = now();
    while (now() - t1 < (QUICK ? 5_000 : 10_000)) {
      const ts = newestTs(sv.text());
      if (ts) stale.push(Date.now() - ts);
      await sleep(25);
    }
    const minutes = (now() - t1) / 60_000;
    res.stale = stale;
    res.viewedMBperMin = sv.bytes / MiB / minutes;
    res.eventsKBperMin = eventBytes / 1024 / minutes;
    // A 10 s blackout: nothing moves either way; then the screen must be fresh again quickly.
    proxy.blackout(10_000);
    const bEnd = now() + 10_000;
    await sleep(10_000);
    await waitFor(() => { const ts = newestTs(sv.text()); return ts && Date.now() - ts < 300; }, 30_000, 5, 'fresh after the blackout');
    res.blackoutRecoveryMs = now() - bEnd;
    sv.close(); events.close();
    await ctl.request('agent.stop', { agentId: streamer.id }).catch(() => {});

    // Ctrl-C while the agent floods: from the keystroke leaving the viewer to the program's SIGINT handler.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-bench-int-'));
    const file = path.join(tmp, 'int');
    const flood = await createCommandAgent(ctl, NODE_FLOOD(file), { cols: 80, rows: 24 });
    const fv = await ViewerClient.connect(url, d.token, flood.id, frameToAnsi, { host });
    await sleep(1500);
    const ints = [];
    for (let i = 0; i < 10; i++) {
      fs.rmSync(file, { force: true });
      const sentAt = Date.now();
      fv.input('\x03');
      await waitFor(() => fs.existsSync(file), 10_000, 1, 'SIGINT handled').catch(() => {});
      if (fs.existsSync(file)) ints.push(Number(fs.readFileSync(file, 'utf8')) - sentAt);
      await sleep(200);
    }
    res.ctrlC = ints;
    fv.close();
    await ctl.request('agent.stop', { agentId: flood.id }).catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  } finally {
    ctl.close();
    proxy.close();
  }
  return res;
}

runMain('viewer', async () => {
  const why = await probePaseo();
  if (why) return { name: 'viewer', rows: [skipRow('viewer stream', why)] };
  if (!fs.existsSync(new URL('../dist/web/apply-frame.mjs', import.meta.url))) return { name: 'viewer', rows: [skipRow('viewer stream', 'dist/web/apply-frame.mjs not built')] };
  const frameToAnsi = await loadFrameApplier();
  const d = await Daemon.start('viewer');
  const rows = [];
  try {
    const ref = {};
    const b = await partBytes(d, frameToAnsi, ref);
    rows.push(row({ metric: `bytes to a viewer, ${MB} MiB build log`, paseo: b.viewerMB, ref: ref.tmuxMB, refLabel: 'tmux client', ratio: b.viewerMB / ref.tmuxMB, unit: 'MB', op: '<=', gateValue: b.viewerMB * (50 / MB), limit: 2.5, target: '≤ 2.5 MB at 50 MiB (stretch ≤ 1)', detail: `${b.frames} frames; byte stream sent ${b.streamMB.toFixed(1)} MB` }));
    rows.push(row({ metric: 'final screen on the viewer after the end', paseo: b.finalLagMs, unit: 'ms', op: '<=', gateValue: b.finalLagMs, limit: 1000, target: '≤ 1000 ms' }));
    const l = await partLink(d, frameToAnsi);
    rows.push(row({ metric: 'first usable screen (slow link)', paseo: l.firstScreenMs, unit: 'ms', op: '<=', gateValue: l.firstScreenMs, limit: 2000, target: '≤ 2000 ms' }));
    rows.push(row({ metric: 'keystroke echo p50 (slow link)', paseo: median(l.echo), unit: 'ms', op: '<=', gateValue: median(l.echo), limit: RTT_MS + 50, target: `≤ RTT + 50 = ${RTT_MS + 50} ms`, detail: `p90 ${Math.round(quantile(l.echo, 0.9))} ms` }));
    rows.push(row({ metric: 'screen staleness p50 while streaming', paseo: median(l.stale), unit: 'ms', op: '<=', gateValue: median(l.stale), limit: 150, target: '≤ 150 ms', detail: `p90 ${Math.round(quantile(l.stale, 0.9))} ms, ${l.stale.length} samples` }));
    rows.push(row({ metric: 'Ctrl-C to the PTY p50 while flooding', paseo: median(l.ctrlC), unit: 'ms', op: '<=', gateValue: median(l.ctrlC), limit: RTT_MS + 50, target: `≤ RTT + 50 = ${RTT_MS + 50} ms`, detail: `${l.ctrlC.length}/10 delivered; max ${Math.round(Math.max(...l.ctrlC))} ms` }));
    rows.push(row({ metric: 'screen right after a 10 s blackout', paseo: l.blackoutRecoveryMs, unit: 'ms', op: '<=', gateValue: l.blackoutRecoveryMs, limit: 1000, target: '≤ 1000 ms' }));
    rows.push(row({ metric: 'viewed streaming agent, bytes per minute', paseo: l.viewedMBperMin, unit: 'MB/min', detail: 'a line with a timestamp every 10 ms (slow link)' }));
    const busy = await partBusy(d, frameToAnsi, QUICK ? 10 : 30);
    rows.push(row({ metric: 'busy Claude Code replay, viewed', paseo: busy.viewedMBperMin, unit: 'MB/min', op: '<=', gateValue: busy.viewedMBperMin, limit: 0.5, target: '≤ 0.5 MB/min', detail: `${busy.frames} frames; recorded start + a redraw every 32 ms` }));
    rows.push(row({ metric: 'busy agents not viewed (agent list only)', paseo: busy.listKBperMin, unit: 'KB/min', op: '<=', gateValue: busy.listKBperMin, limit: 5, target: '≤ 5 KB/min', detail: `two busy agents; event stream during the streaming test: ${l.eventsKBperMin.toFixed(2)} KB/min` }));
    rows.push(skipRow('approval request to the page / tap applied', 'needs a hooked agent CLI; covered end to end by test/e2e/phone-page.test.ts'));
  } finally {
    await d.stop();
  }
  return { name: 'viewer', note: `${MB} MiB build log at 80x24; link ${LINK.downBps / 1e6} Mbit/s down, ${LINK.upBps / 1e6} up, ${LINK.delayMs} ms ± ${LINK.jitterMs} each way`, params: { MB, link: LINK }, rows };
});
