/**
 * Spawns a program in a PTY (node-pty: forkpty, so a new session with the PTY as controlling
 * terminal). A missing program or cwd is reported as a PtyError before anything is forked: on
 * Linux node-pty would otherwise fork, fail in execvp and exit 1 with a message on the screen.
 */
import { accessSync, constants as fsConstants, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as NodePty from 'node-pty';
import type { IPty } from 'node-pty';
import { Flow, Pty } from '../core/constants.js';
import { PtyError, errorMessage } from '../core/errors.js';
import type { SpawnOptions } from './types.js';

// Loaded with require: an ESM import of this CommonJS package pre-parses its files for named exports (daemon start).
const nodePty = createRequire(import.meta.url)('node-pty') as typeof NodePty;

export type { IPty };

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves `file` the way execvp will: a path (relative to cwd) when it has a slash, else a PATH lookup. */
export function resolveProgram(file: string, cwd: string, envPath: string | undefined): string | undefined {
  if (file.length === 0) return undefined;
  if (file.includes('/')) {
    const full = path.resolve(cwd, file);
    return isExecutableFile(full) ? full : undefined;
  }
  for (const dir of (envPath ?? '').split(':')) {
    const candidate = path.join(dir || '.', file);
    if (isExecutableFile(path.resolve(cwd, candidate))) return candidate;
  }
  return undefined;
}

export function spawnPty(opts: SpawnOptions): IPty {
  const context = { file: opts.file, args: opts.args, cwd: opts.cwd };
  let cwdIsDir = false;
  try {
    cwdIsDir = statSync(opts.cwd).isDirectory();
  } catch {
    cwdIsDir = false;
  }
  if (!cwdIsDir) throw new PtyError(`working directory does not exist: ${opts.cwd}`, context);
  const envPath = opts.env.PATH ?? process.env.PATH;
  if (!resolveProgram(opts.file, opts.cwd, envPath)) {
    throw new PtyError(`program not found or not executable: ${opts.file}`, context);
  }
  const env = { ...opts.env };
  env.TERM ??= Pty.TERM;
  try {
    return nodePty.spawn(opts.file, opts.args, {
      name: env.TERM,
      cols: Math.max(1, opts.cols),
      rows: Math.max(1, opts.rows),
      cwd: opts.cwd,
      env,
    });
  } catch (err) {
    throw new PtyError(`could not start ${opts.file}: ${errorMessage(err)}`, context);
  }
}

/** What node-pty 1.1's UnixTerminal keeps (not in its typings): the master fd and the queue of its async writer. */
interface UnixPtyInternals {
  fd?: unknown;
  _writeStream?: { _writeQueue?: unknown[] };
}

/**
 * Writes to the PTY master. node-pty 1.1 queues every write through fs.write on the libuv threadpool, which adds
 * 0.1–0.2 ms to each keystroke's echo (more while the pool is busy with screen saves). A small write with nothing
 * queued goes straight to the (non-blocking) master fd instead; whatever the kernel does not take at once (EAGAIN,
 * a partial write) and every larger write goes through node-pty's queue, so the order is kept.
 */
export function writeToPty(pty: IPty, data: string): void {
  const internals = pty as unknown as UnixPtyInternals;
  const queue = internals._writeStream?._writeQueue;
  const fd = internals.fd;
  if (typeof fd !== 'number' || !Array.isArray(queue) || queue.length > 0 || data.length > Flow.PTY_DIRECT_WRITE_MAX_CHARS) {
    pty.write(data);
    return;
  }
  const bytes = Buffer.from(data, 'utf8');
  let written = 0;
  try {
    written = writeSync(fd, bytes);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
  }
  if (written < bytes.length) pty.write(bytes.subarray(written));
}
