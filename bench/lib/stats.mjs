// Timing and statistics helpers shared by the benchmarks.
export const now = () => Number(process.hrtime.bigint()) / 1e6; // ms, monotonic
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function quantile(arr, q) {
  const a = arr.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (!a.length) return NaN;
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return a[lo] + (a[hi] - a[lo]) * (pos - lo);
}
export const median = (a) => quantile(a, 0.5);
export const max = (a) => a.filter(Number.isFinite).reduce((m, x) => Math.max(m, x), -Infinity);
export const round = (x, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);

/** Median of per-round ratios a[i]/b[i] (rounds where either side is missing are skipped). */
export function medianRatio(a, b) {
  const r = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i]) && b[i] !== 0) r.push(a[i] / b[i]);
  }
  return { ratio: median(r), ratios: r };
}

/** Poll pred() until true; bounded. */
export async function waitFor(pred, timeoutMs = 30000, everyMs = 5, what = 'condition') {
  const t0 = now();
  while (!(await pred())) {
    if (now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed = 0x9e3779b9) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
