/** Builds the CommandContext: resolves --home/--listen, connects to (or starts, or embeds) the daemon, prints. */
import path from 'node:path';
import type { PaseoApi } from '../core/api.js';
import { PaseoError } from '../core/errors.js';
import type { Disposable } from '../core/disposable.js';
import { homePaths, resolveHome, resolveListen } from '../daemon/paths.js';
import { readLivePid } from '../daemon/pid-lock.js';
import { isLoopbackHost, parseListen } from '../core/listen-address.js';
import type { CommandContext, GlobalOptions } from './command-context.js';

/** The global options as given (commander's `program.opts()`, or the TUI fast path's own parse). */
export interface RawGlobalOptions {
  home?: string;
  listen?: string;
  embedded?: boolean;
  json?: boolean;
}

let clientModules: Promise<[typeof import('../client/paseo-client.js'), typeof import('../client/resolve-endpoint.js')]> | undefined;

/** The daemon client's modules (ws among them), loaded once; the TUI path waits for them before loading its own. */
export function loadClient(): NonNullable<typeof clientModules> {
  clientModules ??= Promise.all([import('../client/paseo-client.js'), import('../client/resolve-endpoint.js')]);
  return clientModules;
}

export interface CliContext extends CommandContext {
  /** Everything opened for this invocation (client socket, embedded host), closed before exit. */
  close(): Promise<void>;
  exitCode: number;
}

export function createContext(readOptions: () => RawGlobalOptions): CliContext {
  const closers: Array<() => Promise<void> | void> = [];
  let connected: Promise<PaseoApi> | undefined;
  let closing: Promise<void> | undefined;
  const ctx: CliContext = {
    exitCode: 0,
    globals(): GlobalOptions {
      const o = readOptions();
      const home = resolveHome(o.home);
      return { home, listen: resolveListen(o.listen, process.env, home), embedded: !!o.embedded, json: !!o.json };
    },
    api(opts = {}) {
      connected ??= connect(ctx.globals(), opts.autoStart ?? false, opts.reconnect ?? false);
      return connected;
    },
    out(text) {
      process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    },
    json(value) {
      process.stdout.write(JSON.stringify(value, null, 2) + '\n');
    },
    setExitCode(code) {
      ctx.exitCode = code;
    },
    close() {
      // Once: the command's end and a broken stdout pipe may both ask.
      closing ??= (async () => {
        for (const c of closers.reverse()) {
          try {
            await c();
          } catch {
            // closing is best effort at exit
          }
        }
      })();
      return closing;
    },
  };

  async function connect(g: GlobalOptions, autoStart: boolean, reconnect: boolean): Promise<PaseoApi> {
    if (g.embedded) {
      const { openEmbeddedHost } = await import('../daemon/open-embedded-host.js');
      const host = await openEmbeddedHost(g.home);
      closers.push(() => host.close());
      return host.service;
    }
    // A loopback address with no live daemon holding this home's PID file (a listening daemon always does): none
    // of ours can answer, so start one now; it boots while this process is still loading its client. Otherwise
    // (a daemon runs, or the address may be another machine's) connect first (one WebSocket handshake); health
    // probes and spawning only when nothing answers.
    const startNow = autoStart && isLoopbackHost(parseListen(g.listen).host) && readLivePid(homePaths(g.home).pidFile) === undefined;
    const early = startNow ? startDaemon(g) : undefined;
    early?.catch(() => undefined); // awaited below if the first connection fails; ignored if a daemon answered anyway
    const [{ PaseoClient }, { resolveEndpoint }] = await loadClient();
    const open = () => {
      // Read again on the second try: a daemon started just now has only now written its token.
      const endpoint = resolveEndpoint({ home: g.home, listen: g.listen });
      return PaseoClient.connect({
        url: endpoint.url,
        ...(endpoint.socketPath !== undefined ? { socketPath: endpoint.socketPath } : {}),
        token: process.env.PASEO_TOKEN ?? endpoint.token,
        kind: reconnect ? 'tui' : 'cli',
        name: 'paseo-cli',
        reconnect,
      });
    };
    let client;
    try {
      client = await open();
    } catch (err) {
      const code = err instanceof PaseoError ? err.code : undefined;
      if (code === 'unauthorized') {
        // Most likely the daemon of another home on this address: say so rather than "unauthorized".
        const { probeHealth } = await import('./daemon-control.js');
        const health = await probeHealth(g.listen, g.home);
        if (health && path.resolve(health.home) !== path.resolve(g.home)) {
          throw new PaseoError('daemon_running', `another paseo daemon (home ${health.home}) is listening on ${g.listen}; use --listen to pick another address`);
        }
        throw err;
      }
      if (code !== 'daemon_not_running') throw err;
      if (!autoStart) throw new PaseoError('daemon_not_running', 'daemon not running (start it with: paseo daemon start)');
      await (early ?? startDaemon(g));
      client = await open();
    }
    closers.push(() => (client as Disposable).dispose());
    return client;
  }

  return ctx;
}

async function startDaemon(g: GlobalOptions): Promise<void> {
  // Loaded only here: spawning is not on the path of a client whose daemon answers.
  const { startDaemonDetached } = await import('./daemon-control.js');
  await startDaemonDetached(g.home, g.listen);
}
