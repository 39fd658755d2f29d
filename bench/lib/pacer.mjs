// Writes build-log lines to stdout at a fixed byte rate (10 ms ticks, catching up on wall time).
//   node bench/lib/pacer.mjs <bytesPerSecond> <seed> <buildlogFile> [statsFile]
// On SIGHUP/SIGTERM writes {bytes, seconds, rate} to statsFile so the delivered rate can be checked.
import fs from 'node:fs';
const [rate_ = '20000', seed_ = '0', file, statsFile] = process.argv.slice(2);
const rate = Number(rate_), seed = Number(seed_);
const fd = fs.openSync(file, 'r');
const buf = Buffer.alloc(4 << 20);
const n = fs.readSync(fd, buf, 0, buf.length, 0);
fs.closeSync(fd);
const log = buf.subarray(0, n).toString('utf8').split('\n').slice(0, -1);
let pos = (seed * 7919) % log.length, written = 0;
const t0 = performance.now();
setInterval(() => {
  const due = (rate * (performance.now() - t0)) / 1000;
  let s = '';
  while (written + s.length < due) s += log[pos++ % log.length] + '\n';
  written += s.length;
  if (s) process.stdout.write(s);
}, 10);
const done = () => {
  const seconds = (performance.now() - t0) / 1000;
  if (statsFile) fs.writeFileSync(statsFile, JSON.stringify({ bytes: written, seconds, rate: written / seconds }));
  process.exit(0);
};
process.on('SIGHUP', done);
process.on('SIGTERM', done);
