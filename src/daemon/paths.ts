/** Where everything lives: PASEO_HOME (default ~/.paseo) and the listen address (default 127.0.0.1:6767). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Defaults } from '../core/constants.js';
import { parseListen } from '../core/listen-address.js';

export interface HomePaths {
  home: string;
  pidFile: string;
  logFile: string;
  tokenFile: string;
  agentsDir: string;
}

export function resolveHome(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const raw = explicit ?? env.PASEO_HOME ?? path.join(os.homedir(), '.paseo');
  return path.resolve(raw.startsWith('~/') ? path.join(os.homedir(), raw.slice(2)) : raw);
}

/** The listen address: --listen, else PASEO_LISTEN, else config.json's `listen` in `home`, else the default. */
export function resolveListen(explicit?: string, env: NodeJS.ProcessEnv = process.env, home?: string): string {
  const listen = explicit ?? env.PASEO_LISTEN ?? (home === undefined ? undefined : configuredListen(home)) ?? Defaults.LISTEN;
  parseListen(listen);
  return listen;
}

/** config.json's `listen`, when the file has one; a missing or unreadable file says nothing (the daemon reports a bad one). */
function configuredListen(home: string): string | undefined {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')) as { listen?: unknown };
    return typeof config.listen === 'string' && config.listen !== '' ? config.listen : undefined;
  } catch {
    return undefined;
  }
}

export function homePaths(home: string): HomePaths {
  return {
    home,
    pidFile: path.join(home, 'paseo.pid'),
    logFile: path.join(home, 'daemon.log'),
    tokenFile: path.join(home, 'token'),
    agentsDir: path.join(home, 'agents'),
  };
}
