// Deterministic inputs, generated once into a temp dir (never into the repo) and reused across runs.
//   buildlog.txt : MB MiB of coloured build/test log (SGR 16/256/truecolor, wrapping lines, a little unicode)
//   seq.txt      : `seq 1 N` (short lines; N scales with MB: 6 400 000 at 50 MiB)
//   fill12k.txt  : the first 12 000 build-log lines (fills a 10k-line scrollback)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { prng } from './stats.mjs';

const VERSION = 1;

function buildlogLine(rnd, i) {
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const words = ['compile', 'module', 'resolve', 'bundle', 'chunk', 'emit', 'transform', 'typecheck', 'link', 'cache', 'hit', 'miss',
    'warning', 'deprecated', 'import', 'export', 'default', 'async', 'function', 'handler', 'request', 'response', 'buffer', 'stream',
    'socket', 'render', 'layout'];
  const dirs = ['src', 'lib', 'components', 'utils', 'server', 'client', 'hooks', 'pane', 'terminal', 'ws'];
  const exts = ['.ts', '.tsx', '.mjs', '.js', '.json'];
  const p = () => Array.from({ length: int(2, 5) }, () => pick(dirs)).join('/') + '/' + pick(words) + pick(exts);
  const two = (x) => String(x).padStart(2, '0');
  const ts = `2025-01-${two(1 + (i % 28))}T${two(i % 24)}:${two(i % 60)}:${two((i * 7) % 60)}.${String(i % 1000).padStart(3, '0')}Z`;
  const sentence = (n) => Array.from({ length: n }, () => pick(words)).join(' ');
  const r = rnd();
  const t = `\x1b[90m${ts}\x1b[0m `;
  if (r < 0.55) return `${t}\x1b[32mINFO \x1b[0m [${pick(['tsc', 'vite', 'jest', 'eslint'])}] ${sentence(int(3, 9))} \x1b[36m${p()}\x1b[0m \x1b[2m${int(1, 900)}ms\x1b[0m`;
  if (r < 0.7) return `${t}\x1b[33mWARN \x1b[0m ${sentence(int(4, 12))} (${p()}:${int(1, 999)}:${int(1, 80)})`;
  if (r < 0.78) return `${t}\x1b[1;31mERROR\x1b[0m ${sentence(int(6, 20))} at ${p()}:${int(1, 999)}:${int(1, 80)} ${sentence(int(5, 15))}`;
  if (r < 0.86) return `    at ${pick(words)}${pick(['Handler', 'Stream', 'Render'])} (${p()}:${int(1, 999)}:${int(1, 80)})`;
  if (r < 0.92) return ` \x1b[32m✓\x1b[0m ${sentence(int(3, 8))} \x1b[2m(${int(1, 300)} ms)\x1b[0m`;
  if (r < 0.95) return ` \x1b[31m✗\x1b[0m ${sentence(int(3, 8))} → \x1b[38;5;${int(16, 231)}m${sentence(2)}\x1b[0m`;
  if (r < 0.98) return `\x1b[38;2;${int(0, 255)};${int(0, 255)};${int(0, 255)}m${'█'.repeat(int(5, 40))}\x1b[0m ${int(0, 100)}% ${sentence(2)}`;
  return `\x1b[7m ${sentence(int(2, 4))} \x1b[27m ${'-'.repeat(int(10, 60))}`;
}

/** Returns {dir, buildlog, seq, fill12k, seqCount}; generates on first use. */
export function ensureData(MB = 50) {
  const dir = path.join(os.tmpdir(), `paseo-bench-data-v${VERSION}-${MB}`);
  const files = { dir, buildlog: path.join(dir, 'buildlog.txt'), seq: path.join(dir, 'seq.txt'), fill12k: path.join(dir, 'fill12k.txt') };
  const seqCount = Math.round((6_400_000 * MB) / 50);
  files.seqCount = seqCount;
  if (fs.existsSync(path.join(dir, 'done'))) return files;
  fs.mkdirSync(dir, { recursive: true });
  const rnd = prng(0x9e3779b9);
  const target = MB * 1024 * 1024;
  const fd = fs.openSync(files.buildlog, 'w');
  let size = 0, i = 0, buf = [];
  const fill = [];
  while (size < target) {
    const l = buildlogLine(rnd, i) + '\n';
    if (i < 12000) fill.push(l);
    buf.push(l); size += Buffer.byteLength(l); i++;
    if (buf.length >= 10000) { fs.writeSync(fd, buf.join('')); buf = []; }
  }
  fs.writeSync(fd, buf.join('')); fs.closeSync(fd);
  fs.writeFileSync(files.fill12k, fill.join(''));
  fs.writeFileSync(files.seq, execFileSync('seq', ['1', String(seqCount)], { maxBuffer: 1 << 30 }));
  fs.writeFileSync(path.join(dir, 'done'), String(i));
  return files;
}

/** The first `n` build-log lines as one string (for in-process feeding). */
export function buildlogLines(n, seed = 0x9e3779b9) {
  const rnd = prng(seed);
  return Array.from({ length: n }, (_, i) => buildlogLine(rnd, i));
}
