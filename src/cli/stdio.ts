/**
 * The CLI's end of stdout and stderr. Node writes to a pipe asynchronously once the pipe is full (64 KiB on
 * Linux), so `process.exit` right after a large write cut `paseo logs | wc` short: the CLI waits here until both
 * streams have handed everything to the kernel. A reader that went away (`paseo logs -f | head -1`: EPIPE) ends
 * the CLI quietly with code 0, as `cat` in a pipeline does, instead of an unhandled 'error' and a stack trace.
 */

let stdoutGone = false;

/**
 * Catches write errors on stdout and stderr. `onStdoutGone` runs once when stdout cannot be written any more (its
 * reader closed the pipe, the terminal hung up): it should close what the CLI holds and exit 0. An error on stderr
 * is dropped: there is nowhere left to say it.
 */
export function watchStdio(onStdoutGone: () => void): void {
  process.stdout.on('error', () => {
    if (stdoutGone) return;
    stdoutGone = true;
    onStdoutGone();
  });
  process.stderr.on('error', () => undefined);
}

/** Resolves once everything written to `stream` so far was handed to the kernel (or the stream failed). */
export function drained(stream: NodeJS.WritableStream & { writableLength: number; destroyed: boolean }): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  // A write's callback runs after every earlier write completed, in order; an empty write adds nothing.
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/** Waits for stdout and stderr to drain, then exits: nothing printed is lost to a pipe or a slow reader. */
export async function exitAfterDrain(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  // The one exit of the CLI, only after the drain: a daemon run or a lingering socket must not keep it alive.
  process.exit(code);
}
