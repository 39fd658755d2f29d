// Event-loop lag probe, run as its own process: sends `daemon.health` every INTERVAL ms over its own
// connection and records each round trip. Prints one JSON line [[sentEpochMs, rttMs], …] on SIGTERM/stdin end.
//   node bench/lib/lag-probe.mjs <wsUrl> <token> [intervalMs=5]
import { Client } from './paseo.mjs';

const [url, token, iv = '5'] = process.argv.slice(2);
const epoch = () => performance.timeOrigin + performance.now();
const c = await Client.connect(url, token, 'lag-probe');
const samples = [];
let outstanding = 0;
const timer = setInterval(() => {
  if (outstanding > 50) return; // the daemon is stuck; the gap shows in the pending ones
  const t = epoch();
  outstanding++;
  c.request('daemon.health', {}).then(() => { outstanding--; samples.push([t, epoch() - t]); }, () => { outstanding--; });
}, Number(iv));
process.stdout.write('ready\n');
const done = () => { clearInterval(timer); process.stdout.write(JSON.stringify(samples) + '\n'); c.close(); process.exit(0); };
process.stdin.on('end', done);
process.stdin.resume();
process.on('SIGTERM', done);
