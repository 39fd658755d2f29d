import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Flow } from '../../src/core/constants.js';
import { writeToPty, type IPty } from '../../src/terminal/pty-host.js';

const dir = mkdtempSync(path.join(tmpdir(), 'paseo-ptywrite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** node-pty's shape as writeToPty sees it: a master fd and the async writer's queue. */
function fakePty(fd: number, queued: unknown[] = []) {
  const viaQueue: Array<string | Buffer> = [];
  const pty = { fd, _writeStream: { _writeQueue: queued }, write: (d: string | Buffer) => viaQueue.push(d) };
  return { pty: pty as unknown as IPty, viaQueue };
}

describe('writeToPty', () => {
  it('writes a small chunk straight to the fd when nothing is queued', () => {
    const file = path.join(dir, 'direct');
    const fd = openSync(file, 'w');
    const { pty, viaQueue } = fakePty(fd);
    writeToPty(pty, 'k✓');
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('k✓');
    expect(viaQueue).toEqual([]);
  });

  it('keeps the order: anything queued in node-pty, or a large write, goes through its queue', () => {
    const file = path.join(dir, 'queued');
    const fd = openSync(file, 'w');
    const busy = fakePty(fd, [{}]);
    writeToPty(busy.pty, 'k');
    const large = fakePty(fd);
    const paste = 'x'.repeat(Flow.PTY_DIRECT_WRITE_MAX_CHARS + 1);
    writeToPty(large.pty, paste);
    closeSync(fd);
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(busy.viaQueue).toEqual(['k']);
    expect(large.viaQueue).toEqual([paste]);
  });

  it('hands the write to the queue when the kernel refuses it (EAGAIN)', () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      const block = Buffer.alloc(4096, 97);
      for (;;) {
        try {
          writeSync(fd, block);
        } catch {
          break;
        }
      }
      const { pty, viaQueue } = fakePty(fd);
      writeToPty(pty, 'key');
      expect(viaQueue.map((d) => d.toString())).toEqual(['key']);
    } finally {
      closeSync(fd);
    }
  });
});
