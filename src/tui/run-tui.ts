/** Entry point of the full-screen TUI (`paseo`, `paseo attach`): runs until detach or quit, and always restores the terminal. */
import { hostname } from 'node:os';
import type { PaseoApi } from '../core/api.js';
import type { Event } from '../core/event.js';

export interface RunTuiOptions {
  api: PaseoApi;
  connection?: { onDidDisconnect: Event<void>; onDidReconnect: Event<void> };
  home: string;
  focusAgentId?: string;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

const EXIT_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];

let modules: Promise<[typeof import('./tui-session.js'), typeof import('./tui-config.js'), typeof import('./input/bindings.js')]> | undefined;

/** Loads what the first frame needs, once; the CLI starts this while it connects to the daemon. */
export function loadTuiModules(): NonNullable<typeof modules> {
  // React and Ink check NODE_ENV when first imported; production mode is ~24% cheaper per frame (perf.md §5).
  process.env.NODE_ENV ??= 'production';
  modules ??= Promise.all([import('./tui-session.js'), import('./tui-config.js'), import('./input/bindings.js')]);
  return modules;
}

export async function runTui(opts: RunTuiOptions): Promise<{ reason: 'detach' | 'quit' }> {
  const [{ TuiSession }, { readTuiConfig }, { buildKeyTable }] = await loadTuiModules();
  const config = readTuiConfig(opts.home);
  const keys = buildKeyTable(config);
  const session = new TuiSession({
    api: opts.api,
    connection: opts.connection,
    stdin: opts.stdin,
    stdout: opts.stdout,
    keys,
    mouse: config.mouse,
    focusAgentId: opts.focusAgentId,
    cwd: process.cwd(),
    host: hostname(),
    configProblems: config.problems,
  });

  // Whatever ends the process, the user's terminal comes back usable.
  const onExit = () => session.restore();
  const onSignal = (signal: NodeJS.Signals) => {
    session.restore();
    removeHandlers();
    // Re-raise with the default action so the process ends with the signal, as it would without us.
    process.kill(process.pid, signal);
  };
  const onCrash = (err: unknown) => {
    session.restore();
    removeHandlers();
    rejectRun(err);
  };
  let rejectRun: (err: unknown) => void = () => {};
  const removeHandlers = () => {
    process.removeListener('exit', onExit);
    process.removeListener('uncaughtException', onCrash);
    for (const s of EXIT_SIGNALS) process.removeListener(s, onSignal);
  };
  process.on('exit', onExit);
  process.on('uncaughtException', onCrash);
  for (const s of EXIT_SIGNALS) process.on(s, onSignal);
  try {
    const reason = await new Promise<'detach' | 'quit'>((resolve, reject) => {
      rejectRun = reject;
      session.run().then(resolve, reject);
    });
    return { reason };
  } finally {
    session.restore();
    removeHandlers();
  }
}
