// The raw node stack as a reference for the throughput benchmark (perf.md §1 "ws K"): one process with node-pty →
// @xterm/headless (the scrollback given: the bench passes paseo's live rows, 1 000) with flow control → every chunk
// JSON-encoded once and sent to each WebSocket client. No supervisor, no protocol, no coalescing, no per-client queues,
// no history kept past the xterm's rows: what paseo's daemon could reach at best on this machine.
//   node bench/lib/raw-stack-server.mjs <script> <cols> <rows> <scrollback>   → prints {"port": N} once listening
import { createRequire } from 'node:module';
import pty from 'node-pty';
import { WebSocketServer } from 'ws';

const require = createRequire(import.meta.url);
const { Terminal } = require('@xterm/headless');
const [script, cols_ = '80', rows_ = '24', scrollback_ = '1000'] = process.argv.slice(2);
const cols = Number(cols_), rows = Number(rows_);
const PAUSE_ABOVE_CHARS = 2 * 1024 * 1024, RESUME_BELOW_CHARS = 256 * 1024; // as in perf.md's scripts and paseo's flow gate

const term = new Terminal({ cols, rows, scrollback: Number(scrollback_), allowProposedApi: true });
const clients = new Set();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws) => { clients.add(ws); ws.on('close', () => clients.delete(ws)); });
wss.on('listening', () => {
  const p = pty.spawn('bash', ['-c', script], { cols, rows, env: { ...process.env, TERM: 'xterm-256color' } });
  let pending = 0, paused = false;
  p.onData((d) => {
    pending += d.length;
    if (!paused && pending > PAUSE_ABOVE_CHARS) { paused = true; p.pause(); }
    term.write(d, () => { pending -= d.length; if (paused && pending < RESUME_BELOW_CHARS) { paused = false; p.resume(); } });
    const frame = Buffer.from(JSON.stringify({ type: 'output', data: d }), 'utf8');
    for (const ws of clients) ws.send(frame, { binary: false });
  });
  process.stdout.write(JSON.stringify({ port: wss.address().port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
