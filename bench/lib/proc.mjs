// /proc readers: CPU time, RSS, process trees. Linux only.
import fs from 'node:fs';

const CLK_TCK = 100; // USER_HZ on Linux

/** utime+stime of one process in ms (NaN when gone). */
export function cpuMs(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch { return NaN; }
}
/** utime+stime+cutime+cstime (includes waited-for children) in ms. */
export function cpuMsWithChildren(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK;
  } catch { return NaN; }
}
export function rssKB(pid) {
  try { return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]); } catch { return NaN; }
}
export function ppidOf(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
  } catch { return NaN; }
}
export function commOf(pid) {
  try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; }
}
/** pid plus all its descendants (one /proc scan). */
export function processTree(root) {
  const kids = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const p = ppidOf(Number(d));
    if (!kids.has(p)) kids.set(p, []);
    kids.get(p).push(Number(d));
  }
  const out = [], stack = [root];
  while (stack.length) { const p = stack.pop(); out.push(p); for (const k of kids.get(p) || []) stack.push(k); }
  return out;
}
export function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}
/** Signal a process group, ignoring errors. */
export function killGroup(pid, sig = 'SIGKILL') {
  try { process.kill(-pid, sig); } catch {}
  try { process.kill(pid, sig); } catch {}
}
