/** Entry point of the full-screen TUI (`paseo`, `paseo attach`): runs until detach or quit, and always restores the terminal. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { PaseoApi } from '../core/api.js';
import { Tui } from '../core/constants.js';
import type { Event } from '../core/event.js';
import { createLogger, hasLogSink, setLogSink } from '../core/log.js';
import { captureStrayOutput } from './stray-output.js';
import type { TuiOutput } from './tui-session.js';

const log = createLogger('tui');

/** The TUI process's own log file under PASEO_HOME (the daemon has daemon.log); stray output goes here too. */
export const TUI_LOG_FILE = 'tui.log';

/** Logs to <home>/tui.log while the TUI runs, unless a host in this process logs already; returns the undo. */
function openTuiLog(home: string): () => void {
  if (hasLogSink()) return () => {};
  let fd: number;
  try {
    fd = openSync(join(home, TUI_LOG_FILE), 'a', 0o600);
  } catch {
    return () => {};
  }
  setLogSink((line) => writeSync(fd, line), process.env.PASEO_LOG_LEVEL === 'debug' ? 'debug' : 'info');
  return () => {
    setLogSink(undefined);
    closeSync(fd);
  };
}

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
  const closeLog = openTuiLog(opts.home);
  const capture = captureStrayOutput(opts.stdout, (source, text) => log.warn('stray.output', { source, text: text.slice(0, Tui.STRAY_LOG_MAX_CHARS) }));
  const out = opts.stdout;
  // The session's one way to the terminal: past the capture, with the real size and resize events.
  const terminal: TuiOutput = {
    get columns() {
      return out.columns;
    },
    get rows() {
      return out.rows;
    },
    write: (data) => capture.write(data),
    on: (event, listener) => out.on(event, listener),
    removeListener: (event, listener) => out.removeListener(event, listener),
  };
  const session = new TuiSession({
    api: opts.api,
    connection: opts.connection,
    stdin: opts.stdin,
    stdout: terminal,
    keys,
    mouse: config.mouse,
    view: { layout: config.layout, sidebar: config.sidebar, maxPanes: config.maxPanes },
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
    capture.dispose();
    // Re-raise with the default action so the process ends with the signal, as it would without us.
    process.kill(process.pid, signal);
  };
  const onCrash = (err: unknown) => {
    session.restore();
    removeHandlers();
    capture.dispose();
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
    capture.dispose();
    closeLog();
  }
}
