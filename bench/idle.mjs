// Idle cost: 50 shell agents sitting at a prompt, no client attached. Daemon CPU over the window
// (utime+stime from /proc/<pid>/stat) must stay < 1 % of a core. tmux with 50 shell windows is shown
// for reference (same window, same machine, measured right before).
import { sleep, now } from './lib/stats.mjs';
import { cpuMs, rssKB } from './lib/proc.mjs';
import { Tmux } from './lib/tmux.mjs';
import { Daemon, probePaseo, createShellAgent } from './lib/paseo.mjs';
import { row, skipRow, runMain } from './lib/report.mjs';

const quick = !!process.env.PASEO_BENCH_QUICK;
const N = Number(process.env.PASEO_BENCH_IDLE_AGENTS || 50);
const WINDOW_MS = quick ? 5000 : 10000;

async function cpuPercent(pid, ms) {
  const c0 = cpuMs(pid), t0 = now();
  await sleep(ms);
  return ((cpuMs(pid) - c0) / (now() - t0)) * 100;
}

runMain('idle', async () => {
  const rows = [];
  const tm = new Tmux('idle');
  let tmuxPct, tmuxRss;
  try {
    tm.run('new-session', '-d', '-s', 'idle', '-x', '80', '-y', '24');
    for (let i = 1; i < N; i++) tm.run('new-window', '-d', '-t', 'idle');
    await sleep(2000);
    const spid = tm.serverPid();
    tmuxPct = await cpuPercent(spid, WINDOW_MS);
    tmuxRss = rssKB(spid);
  } finally { tm.kill(); }

  const unavailable = await probePaseo();
  if (unavailable) {
    rows.push({ ...skipRow(`daemon CPU, ${N} idle shell agents`, `paseo: ${unavailable}`, '< 1 % of a core'), ref: tmuxPct, refLabel: `tmux server, ${N} windows`, unit: '%' });
    return { name: 'idle', rows };
  }
  const d = await Daemon.start('idle');
  try {
    const c = await d.connect('ctl');
    for (let i = 0; i < N; i++) await createShellAgent(c, { cols: 80, rows: 24, title: `idle-${i}` });
    c.close();
    // The first ~10 s after creation the daemon still settles (prompts drawn, statuses, screen saves):
    // measured and shown as info; the gate is the window after it.
    const settling = await cpuPercent(d.pid, WINDOW_MS);
    const pct = await cpuPercent(d.pid, WINDOW_MS);
    const rss = rssKB(d.pid);
    rows.push(row({ metric: `daemon CPU, ${N} idle shell agents`, paseo: pct, ref: tmuxPct, refLabel: `tmux server, ${N} windows`, unit: '%',
      target: '< 1 % of a core', op: '<', limit: 1, gateValue: pct, detail: `${WINDOW_MS / 1000} s window after ${WINDOW_MS / 1000} s of settling (${settling.toFixed(1)} % while settling); RSS ${Math.round(rss / 1024)} MB vs tmux ${Math.round(tmuxRss / 1024)} MB` }));
    return { name: 'idle', note: `${N} agents, ${WINDOW_MS / 1000} s window`, rows };
  } finally { await d.stop(); }
});
