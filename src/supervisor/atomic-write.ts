/** Crash-safe file writes (security.md REL-1): temp file in the same dir, write, fsync, rename, fsync the dir. */
import { randomBytes } from 'node:crypto';
import { promises as fsp, readdirSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';

const TEMP_MARK = '.tmp-';

/**
 * Replaces `file` with `data` so that a kill at any instant leaves either the old or the new content. `durable: false`
 * skips both fsyncs, for a cache that is not the only copy of anything (a saved screen): the rename alone keeps it whole
 * across a kill -9 (the page cache outlives the process); a power loss may lose the last seconds of it.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600, opts: { durable?: boolean } = {}): Promise<void> {
  const durable = opts.durable !== false;
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}${TEMP_MARK}${randomBytes(4).toString('hex')}`);
  const handle = await fsp.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    if (durable) await handle.sync();
  } catch (err) {
    await handle.close().catch(() => {});
    await fsp.unlink(temp).catch(() => {});
    throw err;
  }
  await handle.close();
  try {
    await fsp.rename(temp, file);
  } catch (err) {
    await fsp.unlink(temp).catch(() => {});
    throw err;
  }
  if (durable) await fsyncDir(dir);
}

async function fsyncDir(dir: string): Promise<void> {
  // The rename lives in the directory entry: without this a power loss can forget it.
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle.close();
  }
}

/** Removes temp files a killed writer left behind; returns how many. */
export function removeStaleTemps(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith('.') || !name.includes(TEMP_MARK)) continue;
    try {
      unlinkSync(path.join(dir, name));
      removed++;
    } catch {
      // Already gone.
    }
  }
  return removed;
}
