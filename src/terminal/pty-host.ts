/**
 * Spawns a program in a PTY (node-pty: forkpty, so a new session with the PTY as controlling
 * terminal). A missing program or cwd is reported as a PtyError before anything is forked: on
 * Linux node-pty would otherwise fork, fail in execvp and exit 1 with a message on the screen.
 */
import { accessSync, constants as fsConstants, readSync, statSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
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

/**
 * node-pty 1.1 on Linux forks with forkpty(3): the master it keeps is not close-on-exec, and the child closes nothing
 * before execvp. So every agent inherited the masters of all PTYs open in the daemon when it started (the last Gemini
 * held six), and an earlier agent got no hangup while a later one (or any tool it ran) lived: a daemon killed by -9 left
 * its agents running. Node has no fcntl to mark the masters in the daemon, so the child drops them instead: a bash step
 * closes every fd above 2 (fds 0-2 are its terminal) and execs the program, keeping the pid, session and controlling
 * terminal node-pty set up. (node-pty 1.2's own child does the same with close_range.) macOS needs no step: node-pty
 * spawns there with POSIX_SPAWN_CLOEXEC_DEFAULT.
 */
const CLOSE_INHERITED_FDS = 'for f in /proc/self/fd/*; do n=${f##*/}; case $n in [012]) ;; *) eval "exec $n>&-" ;; esac; done; exec "$@"';

/**
 * Variables bash rewrites or drops when it starts (PS1, IFS, OPTIND…) or acts on (SHELLOPTS, BASH_ENV, an invalid LC_ALL's
 * warning): kept out of the step's environment and handed to the program through env(1), so it sees exactly its own.
 */
const BASH_TOUCHED_VARS = new Set([
  'BASH', 'BASHOPTS', 'BASHPID', 'BASH_ENV', 'BASH_XTRACEFD', 'ENV', 'IFS', 'LC_ALL', 'LINENO', 'OPTERR', 'OPTIND', 'PPID',
  'PS1', 'PS2', 'PS4', 'RANDOM', 'SHELLOPTS',
]);

let execStepTools: { bash: string; env: string } | null | undefined;

/** bash and env(1) for the step (Linux only); null where either is missing, and programs are then exec'd directly. */
function stepTools(): { bash: string; env: string } | null {
  if (execStepTools === undefined) {
    const bash = ['/bin/bash', '/usr/bin/bash'].find(isExecutableFile);
    const env = ['/usr/bin/env', '/bin/env'].find(isExecutableFile);
    execStepTools = process.platform === 'linux' && bash && env ? { bash, env } : null;
  }
  return execStepTools;
}

/** What node-pty is asked to run so that `file args` starts in the PTY with its own env and nothing but its terminal. */
function throughFdClosingStep(file: string, args: string[], env: Record<string, string>): { file: string; args: string[]; env: Record<string, string> } {
  const tools = stepTools();
  if (!tools || file.includes('=')) return { file, args, env }; // env(1) would take such a name for an assignment
  const stepEnv: Record<string, string> = {};
  const restore: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (BASH_TOUCHED_VARS.has(name)) restore.push(`${name}=${value}`);
    else stepEnv[name] = value;
  }
  // bash exports SHLVL=0 when it had none; the program's environment must not gain it.
  const unset = env.SHLVL === undefined ? ['-u', 'SHLVL'] : [];
  const viaEnv = restore.length > 0 || unset.length > 0 ? [tools.env, ...unset, '--', ...restore] : [];
  return { file: tools.bash, args: ['--posix', '-c', CLOSE_INHERITED_FDS, 'paseo-exec', ...viaEnv, file, ...args], env: stepEnv };
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
    const exec = throughFdClosingStep(opts.file, opts.args, env);
    const pty = nodePty.spawn(exec.file, exec.args, {
      name: env.TERM,
      cols: Math.max(1, opts.cols),
      rows: Math.max(1, opts.rows),
      cwd: opts.cwd,
      env: exec.env,
    });
    readToTheEndAfterExit(pty);
    return pty;
  } catch (err) {
    throw new PtyError(`could not start ${opts.file}: ${errorMessage(err)}`, context);
  }
}

/** node-pty 1.1's UnixTerminal read stream on the master (not in its typings). */
interface PtyReadStream {
  destroy(...args: unknown[]): unknown;
  destroyed?: boolean;
  emit(event: 'data', data: string): boolean;
}

/**
 * node-pty 1.1 (lib/unixTerminal.js, onexit) waits at most 200 ms after the program's exit for its read stream on the
 * master to close, then destroys it. Node's stream had stopped reading by then with output still in the PTY (measured:
 * ~10 KB of a 10 MB burst, the last ~60 of 45 000 lines, every time; Python reading the same PTY gets all of it). So
 * before the stream is destroyed, what is left is read from the (non-blocking) master at once, up to EAGAIN or EIO,
 * and handed on as the stream's own data: node-pty emits exit only after that, so the exit follows the last byte.
 * (A multi-byte character split exactly at that boundary would show as replacement characters.)
 */
function readToTheEndAfterExit(pty: IPty): void {
  const internals = pty as unknown as { _socket?: Partial<PtyReadStream>; _fd?: unknown };
  const stream = internals._socket;
  const fd = internals._fd;
  if (!stream || typeof stream.destroy !== 'function' || typeof stream.emit !== 'function' || typeof fd !== 'number') return;
  const s = stream as PtyReadStream;
  const destroy = s.destroy.bind(s);
  s.destroy = (...args: unknown[]) => {
    if (!s.destroyed) {
      const decoder = new StringDecoder('utf8');
      const buf = Buffer.allocUnsafe(Flow.PTY_EXIT_READ_CHUNK_BYTES);
      for (let total = 0; total < Flow.PTY_EXIT_READ_MAX_BYTES; ) {
        let n: number;
        try {
          n = readSync(fd, buf, 0, buf.length, null);
        } catch {
          break; // EAGAIN: nothing more now; EIO: the terminal is closed and empty
        }
        if (n <= 0) break;
        total += n;
        s.emit('data', decoder.write(buf.subarray(0, n)));
      }
      const rest = decoder.end();
      if (rest) s.emit('data', rest);
    }
    return destroy(...args);
  };
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
