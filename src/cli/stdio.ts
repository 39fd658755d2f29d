/**
 * The CLI's end of stdout and stderr. Node writes to a pipe asynchronously once the pipe is full (64 KiB on
 * Linux), so `process.exit` right after a large write cut `paseo logs | wc` short: the CLI waits here until both
 * streams have handed everything to the kernel. A reader that went away (`paseo logs -f | head -1`: EPIPE) ends
 * the CLI quietly with code 0, as `cat` in a pipeline does, instead of an unhandled 'error' and a stack trace.
 */
type Out = NodeJS.WriteStream;

let brokenPipe: (() => void) | undefined;
let stdoutClosed = false;

function isBrokenPipe(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Catches write errors on stdout and stderr. `onBrokenPipe` runs once when stdout's reader is gone (it should
 * close what the CLI holds, then exit 0); an error on stderr is dropped, there is nowhere left to say it.
 */
export function watchStdio(onBrokenPipe: () => void, streams: { stdout: Out; stderr: Out } = process): void {
  brokenPipe = onBrokenPipe;
  streams.stdout.on('error', (err) => {
    if (!isBrokenPipe(err)) throw err;
    if (stdoutClosed) return;
    stdoutClosed = true;
    brokenPipe?.();
  });
  streams.stderr.on('error', () => undefined);
}

/** Whether stdout's reader went away: followers stop printing. */
export function stdoutGone(): boolean {
  return stdoutClosed;
}

/** Resolves once everything written to `stream` so far was handed to the kernel (or the stream failed). */
export function drained(stream: Out): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    // A write callback runs after every earlier write completed, in order; an empty write adds nothing.
    stream.write('', () => resolve());
  });
}

/** Waits for stdout and stderr to drain, then exits: nothing printed is lost to a pipe or a slow reader. */
export async function exitAfterDrain(code: number, streams: { stdout: Out; stderr: Out } = process): Promise<never> {
  process.exitCode = code;
  await Promise.all([drained(streams.stdout), drained(streams.stderr)]);
  process.exit(code);
}
