// Per-agent output lag, run as its own process (its parsing must not delay the driver's timers): subscribes to every
// agent given, and for each `TS <epoch ms>` stamp in an agent's output records receive time − stamp. Stamps split
// across two output messages are joined (a short tail of each agent's previous data is kept). Records for durationMs
// after `ready`, then prints one JSON line { agentId: [lagMs, …] } and exits by itself.
//   node bench/lib/agent-lag.mjs <wsUrl> <token> <durationMs> <agentId>…
import { Client } from './paseo.mjs';

const [url, token, dur, ...ids] = process.argv.slice(2);
const c = await Client.connect(url, token, 'agent-lag');
const lags = Object.fromEntries(ids.map((id) => [id, []]));
const tail = new Map();
let recording = false;
c.on((m) => {
  if (m.type !== 'output' || !lags[m.agentId]) return;
  const t = Date.now();
  const prev = tail.get(m.agentId) ?? '';
  const text = prev + m.data;
  tail.set(m.agentId, text.slice(-20));
  if (!recording) return;
  for (const x of text.matchAll(/TS (\d{13})/g)) if (x.index + x[0].length > prev.length) lags[m.agentId].push(t - Number(x[1]));
});
for (const id of ids) await c.subscribe(id, 0);
process.stdout.write('ready\n');
recording = true;
setTimeout(() => { process.stdout.write(JSON.stringify(lags) + '\n'); c.close(); process.exit(0); }, Number(dur));
