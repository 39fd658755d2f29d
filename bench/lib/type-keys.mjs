// Keystroke echo timing through an outer terminal (a node-pty master, or anything with onData/write): writes one key,
// times until that character is visible in the escape-stripped output, then erases it with DEL (ECHOE) so no earlier
// key is on screen. Keys should be characters nothing else on that screen prints (the TUI's chrome, other panes).
import { now, sleep } from './stats.mjs';
import { stripAnsi } from './text.mjs';

export const KEYSET = 'QZXJKWVYUMQZXJKWVYUM';
const rnd = (a, b) => a + Math.random() * (b - a);

/** Types n keys (or until `until`, a now() deadline), pushing each echo time (ms) into results; returns the timeouts. */
export async function typeKeys(o, n, results, settleMs, { keyset = KEYSET, until = Infinity } = {}) {
  let acc = '', want = null, resolve = null;
  const sub = o.onData((d) => {
    if (!want) return;
    acc += d;
    if (stripAnsi(acc).includes(want)) { const r = resolve; want = null; r(now()); }
  });
  await sleep(settleMs);
  let timeouts = 0;
  for (let i = 0; i < n && now() < until; i++) {
    const c = keyset[i % keyset.length];
    acc = '';
    const seen = new Promise((r) => (resolve = r));
    want = c;
    const t0 = now();
    o.write(c);
    const t1 = await Promise.race([seen, sleep(2000).then(() => NaN)]);
    if (Number.isNaN(t1)) { want = null; timeouts++; } else results.push(t1 - t0);
    await sleep(rnd(20, 40));
    o.write('\x7f');
    await sleep(rnd(40, 80));
  }
  sub.dispose();
  return timeouts;
}
