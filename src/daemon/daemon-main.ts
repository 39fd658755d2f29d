/** The daemon process: takes the home's lock, hosts the supervisor and the server, stops agents cleanly on SIGTERM. */
import fs from 'node:fs';
import { createLogger, setLogSink } from '../core/log.js';
import { errorMessage } from '../core/errors.js';
import { acquirePidLock } from './pid-lock.js';
import { homePaths } from './paths.js';
import { ensureToken } from './token.js';
import { PASEO_VERSION } from './version.js';
import { openHost, type Host } from './open-host.js';
import { checkExposure } from './exposure.js';

const log = createLogger('daemon');

export interface DaemonOptions {
  home: string;
  listen: string;
  /** PEM files: serve https/wss (required, or insecurePlaintext, for a non-loopback listen). */
  tlsCert?: string;
  tlsKey?: string;
  insecurePlaintext?: boolean;
  publicOrigin?: string;
}

/** Runs until SIGTERM/SIGINT or a `daemon.shutdown` request; resolves when everything is stopped. */
export async function runDaemon(opts: DaemonOptions): Promise<void> {
  const paths = homePaths(opts.home);
  fs.mkdirSync(paths.home, { recursive: true, mode: 0o700 });
  const remoteToken = process.env.PASEO_TOKEN;
  const exposure = checkExposure(opts);
  const lock = acquirePidLock(paths.pidFile);
  const logStream = fs.createWriteStream(paths.logFile, { flags: 'a', mode: 0o600 });
  setLogSink((line) => logStream.write(line), process.env.PASEO_LOG_LEVEL === 'debug' ? 'debug' : 'info');
  process.on('uncaughtException', (err) => log.error('uncaught', { error: errorMessage(err), stack: err.stack }));
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { error: errorMessage(err) }));
  // A daemon outlives the terminal that started it, as the tmux server does.
  process.on('SIGHUP', () => log.info('SIGHUP ignored'));

  let hostHandle: Host | undefined;
  try {
    const token = remoteToken ?? ensureToken(paths.tokenFile);
    hostHandle = await openHost({
      home: opts.home,
      listen: opts.listen,
      token,
      unixSocket: true,
      onShutdownRequest: () => stop('request'),
      ...(exposure.tls ? { tls: exposure.tls } : {}),
      ...(exposure.publicOrigin ? { publicOrigin: exposure.publicOrigin } : {}),
    });
  } catch (err) {
    lock.release();
    log.error('start failed', { error: errorMessage(err) });
    await new Promise<void>((resolve) => logStream.end(resolve));
    throw err;
  }
  log.info('daemon started', { pid: process.pid, listen: hostHandle.url, version: PASEO_VERSION, home: opts.home });
  if (exposure.notice) log.warn('daemon exposed', { notice: exposure.notice });
  signalReady();

  let stopping: Promise<void> | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  function stop(reason: string): Promise<void> {
    stopping ??= (async () => {
      log.info('daemon stopping', { reason });
      try {
        await hostHandle?.close();
      } catch (err) {
        log.error('stop failed', { error: errorMessage(err) });
      }
      lock.release();
      log.info('daemon stopped');
      await new Promise<void>((resolve) => logStream.end(resolve));
      resolveDone();
    })();
    return stopping;
  }
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await done;
}

/**
 * Tells the process that spawned this daemon it is listening, through the pipe it passed as READY_FD:
 * the starter waits on an event instead of polling health.
 */
function signalReady(): void {
  const fd = Number(process.env.PASEO_READY_FD);
  delete process.env.PASEO_READY_FD; // agents must not inherit it
  if (!Number.isInteger(fd) || fd < 3) return;
  try {
    fs.writeSync(fd, `ready ${process.pid}\n`);
    fs.closeSync(fd);
  } catch {
    // the starter went away; nothing to tell
  }
}
