/**
 * `paseo --embedded`: the host inside the CLI process, on a home no daemon owns. It takes the home's PID lock
 * first and holds it until closed: the supervisor's startup recovery treats every live agent record as an orphan
 * to kill, which on a running daemon's home would kill that daemon's agents, and a daemon started meanwhile would
 * do the same to this process's agents.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PaseoError } from '../core/errors.js';
import { acquirePidLock, embeddedHolderMessage } from './pid-lock.js';
import { homePaths } from './paths.js';
import { openHost, type Host } from './open-host.js';

export async function openEmbeddedHost(home: string): Promise<Host> {
  const paths = homePaths(home);
  fs.mkdirSync(paths.home, { recursive: true, mode: 0o700 });
  let lock;
  try {
    lock = acquirePidLock(paths.pidFile, 'embedded');
  } catch (err) {
    if (!(err instanceof PaseoError) || err.code !== 'daemon_running') throw err;
    const pid = typeof err.context.pid === 'number' ? ` (pid ${err.context.pid})` : '';
    if (err.context.role === 'embedded') {
      throw new PaseoError('daemon_running', `${home} is ${embeddedHolderMessage(err.context.pid as number)}, or use another --home`, err.context);
    }
    throw new PaseoError(
      'daemon_running',
      `a paseo daemon${pid} owns ${home}; --embedded needs a home no daemon runs on (use the daemon without --embedded, or another --home)`,
      err.context,
    );
  }
  let host: Host;
  try {
    // An ephemeral loopback port for the agents' hooks only; no client but this process uses the host.
    host = await openHost({ home, listen: '127.0.0.1:0', token: randomBytes(32).toString('hex') });
  } catch (err) {
    lock.release();
    throw err;
  }
  return {
    service: host.service,
    url: host.url,
    async close() {
      try {
        await host.close();
      } finally {
        lock.release();
      }
    },
  };
}
