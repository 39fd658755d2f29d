import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppendFiles } from '../../src/supervisor/append-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'paseo-append-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** This process's open descriptors that point into `dir`. */
function fdsInto(d: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(d)) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

describe('AppendFiles', () => {
  it('appends in order through one kept descriptor, and keeps at most max open', async () => {
    const files = new AppendFiles(3);
    const names = Array.from({ length: 5 }, (_, i) => path.join(dir, `f${i}`));
    for (let round = 0; round < 3; round++) for (const f of names) await files.append(f, `${path.basename(f)}-${round}\n`);
    for (const f of names) expect(readFileSync(f, 'utf8')).toBe(`${path.basename(f)}-0\n${path.basename(f)}-1\n${path.basename(f)}-2\n`);
    expect(files.openCount).toBe(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(fdsInto(dir)).toBe(3);
    files.dispose();
    await new Promise((r) => setTimeout(r, 20));
    expect(fdsInto(dir)).toBe(0);
  });

  it('close() before a file is replaced: the next append goes to the new file, not the old inode', async () => {
    const files = new AppendFiles(8);
    const f = path.join(dir, 'log');
    await files.append(f, 'old\n');
    await files.close(f);
    writeFileSync(`${f}.tmp`, 'new\n');
    renameSync(`${f}.tmp`, f);
    await files.append(f, 'more\n');
    expect(readFileSync(f, 'utf8')).toBe('new\nmore\n');
    files.dispose();
  });

  it('a failed append rejects, and the next one opens the file afresh', async () => {
    const files = new AppendFiles(8);
    const f = path.join(dir, 'missing-dir', 'log');
    await expect(files.append(f, 'x\n')).rejects.toThrow();
    mkdirSync(path.dirname(f));
    await files.append(f, 'y\n');
    expect(readFileSync(f, 'utf8')).toBe('y\n');
    files.dispose();
  });
});
