// A named pipe used as a start gun: the pane runs `cat FIFO >/dev/null; …` and the driver releases it.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sleep, now } from './stats.mjs';

export function makeFifo(dir, name = 'go.fifo') {
  const p = path.join(dir, name);
  execFileSync('mkfifo', [p]);
  return p;
}
/** Waits (bounded) until a reader has the fifo open, then writes one byte and closes it. Returns the release time. */
export async function releaseFifo(p, timeoutMs = 20000) {
  const t0 = now();
  for (;;) {
    try {
      const fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      const t = now();
      fs.writeSync(fd, 'g');
      fs.closeSync(fd);
      return t;
    } catch (e) {
      if (e.code !== 'ENXIO') throw e;
      if (now() - t0 > timeoutMs) throw new Error('no reader on the start fifo (pane never started)');
      await sleep(2);
    }
  }
}
/** Opens each fifo for writing once its reader is there (non-blocking: never holds a libuv thread). */
export async function openWriters(fifos, timeoutMs = 120_000) {
  const fds = [];
  const t0 = now();
  for (const f of fifos) {
    for (;;) {
      try { fds.push(fs.openSync(f, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK)); break; } catch (e) {
        if (e.code !== 'ENXIO' || now() - t0 > timeoutMs) throw e;
        await sleep(50);
      }
    }
  }
  return fds;
}
