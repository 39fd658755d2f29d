/** Crash-safe file writes (security.md REL-1): temp file in the same dir, write, fsync, rename, fsync the dir. */
import { randomBytes } from 'node:crypto';
import { promises as fsp, readdirSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';

const TEMP_MARK = '.tmp-';

/** Replaces `file` with `data` so that a kill at any instant leaves either the old or the new content. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}${TEMP_MARK}${randomBytes(4).toString('hex')}`);
  const handle = await fsp.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
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
  await fsyncDir(dir);
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
