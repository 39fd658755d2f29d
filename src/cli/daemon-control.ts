/** Client-side daemon control: health probe, detached start (as tmux starts its server), stop by PID file. */
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon, Defaults } from '../core/constants.js';
import { PaseoError } from '../core/errors.js';
import type { HealthInfo, PublicHealthInfo } from '../core/protocol.js';
import { readToken } from '../client/resolve-endpoint.js';
import { listenUrl } from '../core/listen-address.js';
import { homePaths } from '../daemon/paths.js';
import { embeddedHolderMessage, inspectPidFile, readLivePid, stillRunning, unverifiedMessage, type DaemonPidState } from '../daemon/pid-lock.js';

const HEALTH_PROBE_TIMEOUT_MS = 1_500; // a live daemon answers in a few ms; this only bounds a hung one
const OTHER_STARTER_POLL_MS = 25; // only when two starters raced for one home: how often the winner is probed

export function httpBase(listen: string): string {
  return listenUrl('http', listen);
}

/**
 * Health of whatever answers on `listen`, or undefined when nothing does. The daemon tells its details only to a caller
 * with its token (as clients present it: PASEO_TOKEN, else the home's token file); one that answers without them does
 * not take this home's token, so it is another home's daemon.
 */
export async function probeHealth(listen: string, home: string): Promise<HealthInfo | undefined> {
  let health: HealthInfo | PublicHealthInfo;
  const token = process.env.PASEO_TOKEN ?? tokenOf(home);
  try {
    const res = await fetch(`${httpBase(listen)}/api/health`, {
      signal: AbortSignal.timeout(HEALTH_PROBE_TIMEOUT_MS),
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    if (!res.ok) return undefined;
    health = (await res.json()) as HealthInfo | PublicHealthInfo;
  } catch {
    // A daemon serving https (--tls-cert) does not answer plain http: its home's unix socket does.
    return healthOverSocket(listen, home, token);
  }
  if (!('pid' in health)) {
    const why = `another paseo daemon is listening on ${listen} (it does not take this home's token)`;
    throw new PaseoError('daemon_running', `${why}; use --listen to pick another address`);
  }
  return health;
}

async function healthOverSocket(listen: string, home: string, token: string | undefined): Promise<HealthInfo | undefined> {
  const socketPath = path.join(home, Defaults.SOCKET_FILE);
  if (token === undefined || !fs.existsSync(socketPath)) return undefined;
  try {
    const { PaseoClient } = await import('../client/paseo-client.js');
    const client = await PaseoClient.connect({ url: `${listenUrl('ws', listen)}/ws`, socketPath, token, kind: 'cli', name: 'health-probe' });
    try {
      return await client.health();
    } finally {
      client.dispose();
    }
  } catch {
    return undefined;
  }
}

/** The home's token, or undefined when there is none or it cannot be read (the probe then asks without one). */
function tokenOf(home: string): string | undefined {
  try {
    return readToken(home);
  } catch {
    return undefined;
  }
}

function checkSameHome(health: HealthInfo, home: string, listen: string): HealthInfo {
  if (path.resolve(health.home) !== path.resolve(home)) {
    throw new PaseoError(
      'daemon_running',
      `another paseo daemon (home ${health.home}) is listening on ${listen}; use --listen to pick another address`,
    );
  }
  return health;
}

function tailOfLog(logFile: string, lines = 5): string {
  try {
    const text = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines);
    return text
      .map((l) => {
        try {
          const rec = JSON.parse(l) as { msg?: string; error?: string };
          return [rec.msg, rec.error].filter(Boolean).join(': ');
        } catch {
          return l;
        }
      })
      .join('\n');
  } catch {
    return '';
  }
}

/**
 * A home held by `paseo --embedded` (a TUI or command whose agents run inside it): no daemon to start, stop or ask;
 * the user quits it where it runs. Throws with that one line; nothing is signalled.
 */
export function refuseEmbeddedHolder(home: string, state: DaemonPidState): void {
  if (state.kind === 'live' && state.content.role === 'embedded') {
    throw new PaseoError('daemon_running', `${home} is ${embeddedHolderMessage(state.pid)}`, { pid: state.pid, role: 'embedded' });
  }
}

/** Starts a detached daemon for home/listen; resolves with its pid once it listens (it says so on a pipe). */
export async function startDaemonDetached(home: string, listen: string): Promise<{ pid: number }> {
  const paths = homePaths(home);
  const state = inspectPidFile(paths.pidFile);
  refuseEmbeddedHolder(home, state);
  if (state.kind === 'live' || state.kind === 'unverified') {
    const existing = await probeHealth(listen, home);
    if (existing) return { pid: checkSameHome(existing, home, listen).pid };
    if (state.kind === 'live') {
      throw new PaseoError('daemon_running', `a daemon (pid ${state.pid}) holds ${home} but does not answer on ${listen}`);
    }
    // An old-format PID file: the new daemon's lock decides whether its pid can still be a daemon.
  }
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const logFd = fs.openSync(paths.logFile, 'a', 0o600);
  const entry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'main.js');
  const child = spawn(process.execPath, [entry, 'daemon', 'run', '--home', home, '--listen', listen], {
    detached: true,
    stdio: ['ignore', logFd, logFd, 'pipe'],
    env: { ...process.env, PASEO_HOME: home, PASEO_LISTEN: listen, PASEO_READY_FD: '3' },
  });
  fs.closeSync(logFd);
  const ready = child.stdio[3] as NodeJS.ReadableStream & { destroy(): void };
  try {
    return await new Promise<{ pid: number }>((resolve, reject) => {
      let said = '';
      const timer = setTimeout(
        () => reject(new PaseoError('timeout', `daemon did not start within ${Daemon.START_TIMEOUT_MS} ms (see ${paths.logFile})`)),
        Daemon.START_TIMEOUT_MS,
      );
      ready.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        const m = /ready (\d+)/.exec(said);
        if (m) {
          clearTimeout(timer);
          resolve({ pid: Number(m[1]) });
        }
      });
      // The pipe closes without "ready" when this daemon failed: its reason is in the log, unless another
      // starter for the same home won the race, whose daemon then answers shortly.
      ready.on('close', () => {
        if (/ready/.test(said)) return;
        clearTimeout(timer);
        void waitForOther(home, listen).then(resolve, reject);
      });
    });
  } finally {
    ready.destroy();
    child.unref();
  }
}

async function waitForOther(home: string, listen: string): Promise<{ pid: number }> {
  const paths = homePaths(home);
  const deadline = Date.now() + Daemon.START_TIMEOUT_MS;
  for (;;) {
    const health = await probeHealth(listen, home);
    if (health) return { pid: checkSameHome(health, home, listen).pid };
    if (readLivePid(paths.pidFile) === undefined || Date.now() > deadline) {
      const why = tailOfLog(paths.logFile);
      throw new PaseoError('daemon_not_running', `daemon failed to start${why ? `: ${why}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, OTHER_STARTER_POLL_MS));
  }
}

/**
 * SIGTERM the daemon of `home` and wait for it to go; false when none was running. Only the process that the PID file
 * names by pid and start time is signalled: a stale file, or one whose pid now belongs to another process, means no
 * daemon runs; an old-format file (a bare pid) is refused with a one-line reason, and so is a home an embedded paseo
 * holds (its agents live in that process: it is quit where it runs).
 */
export async function stopDaemon(
  home: string,
  timeoutMs = 15_000,
  kill: (pid: number, signal: NodeJS.Signals) => void = process.kill,
): Promise<{ stopped: boolean; pid?: number }> {
  const { pidFile } = homePaths(home);
  const state = inspectPidFile(pidFile);
  if (state.kind === 'unverified') throw new PaseoError('daemon_running', unverifiedMessage(pidFile, state), { pid: state.pid, pidFile });
  if (state.kind !== 'live') return { stopped: false };
  refuseEmbeddedHolder(home, state);
  const { pid } = state;
  kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (stillRunning(state.content)) {
    if (Date.now() > deadline) {
      throw new PaseoError('timeout', `daemon (pid ${pid}) did not stop within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { stopped: true, pid };
}
