/** The file logger. Core has no I/O: the daemon installs a sink that appends to daemon.log; with no sink, logs are dropped (never console.*, which would corrupt the TUI). */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (line: string) => void;

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let sink: LogSink | undefined;
let minLevel: LogLevel = 'info';

export function setLogSink(next: LogSink | undefined, level: LogLevel = 'info'): void {
  sink = next;
  minLevel = level;
}

/** Whether some host (the daemon, an embedded one) already logs to a file. */
export function hasLogSink(): boolean {
  return sink !== undefined;
}

function emit(level: LogLevel, scope: string, message: string, context?: Record<string, unknown>): void {
  if (!sink || LEVEL_ORDER[level] < LEVEL_ORDER[minLevel]) return;
  const record = { t: new Date().toISOString(), level, scope, msg: message, ...context };
  try {
    sink(JSON.stringify(record) + '\n');
  } catch {
    // Logging must never take the process down.
  }
}

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** `const log = createLogger('supervisor')`; then `log.info('agent.created', {agentId})`. */
export function createLogger(scope: string): Logger {
  return {
    debug: (m, c) => emit('debug', scope, m, c),
    info: (m, c) => emit('info', scope, m, c),
    warn: (m, c) => emit('warn', scope, m, c),
    error: (m, c) => emit('error', scope, m, c),
  };
}
