/** Supervisor + server wired together: the daemon hosts this, and `--embedded` runs it inside the CLI process. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SupervisorService } from '../core/api.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { startServer } from '../server/start-server.js';
import { formatHostPort, parseListen, reachableHost } from '../core/listen-address.js';
import { PASEO_VERSION } from './version.js';
import { Defaults } from '../core/constants.js';

export interface Host {
  service: SupervisorService;
  url: string;
  close(): Promise<void>;
}

export interface HostOptions {
  home: string;
  listen: string;
  token: string;
  /** Called when a client asks the daemon to shut down. */
  onShutdownRequest?: () => void;
  /** Serve local clients on `<home>/paseo.sock` too: only the daemon, which holds the home's lock (never --embedded). */
  unixSocket?: boolean;
}

export async function openHost(opts: HostOptions): Promise<Host> {
  const { host: listenHost, port } = parseListen(opts.listen);
  // Agents on this machine reach a wildcard listen through loopback (a Host of 0.0.0.0 would be refused).
  const host = reachableHost(listenHost);
  const cliEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/main.js');
  const supervisor = await Supervisor.open({
    home: opts.home,
    hookBaseUrl: port === 0 ? '' : `http://${formatHostPort(host, port)}`,
    relayCommand: [process.execPath, cliEntry, 'hook'],
    version: PASEO_VERSION,
    listen: opts.listen,
  });
  // The server sees a service whose shutdown stops the whole host, not just the agents.
  const service = new Proxy(supervisor, {
    get(target, prop, receiver) {
      if (prop === 'shutdown' && opts.onShutdownRequest) {
        return async () => {
          setImmediate(() => opts.onShutdownRequest?.());
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as SupervisorService;
  let server;
  try {
    server = await startServer({
      service,
      listen: opts.listen,
      token: opts.token,
      version: PASEO_VERSION,
      home: opts.home,
      ...(opts.unixSocket ? { socketPath: path.join(opts.home, Defaults.SOCKET_FILE) } : {}),
    });
  } catch (err) {
    await supervisor.shutdown();
    supervisor.dispose();
    throw err;
  }
  if (port === 0) supervisor.setHookBaseUrl(`http://${formatHostPort(reachableHost(server.host), server.port)}`);
  return {
    service: supervisor,
    url: server.url,
    async close() {
      await server.close();
      await supervisor.shutdown();
      supervisor.dispose();
    },
  };
}
