/** Supervisor + server wired together: the daemon hosts this, and `--embedded` runs it inside the CLI process. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SupervisorService } from '../core/api.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { agentApi } from '../server/auth/agent-api.js';
import { createMcpRoute } from '../mcp/http-route.js';
import { pageRoutes } from '../server/web/page-routes.js';
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
  /** Serve https/wss; agents' hooks then use a plain-HTTP loopback listener (an agent CLI would refuse the certificate). */
  tls?: { cert: Buffer; key: Buffer };
  /** The origin phones use through a proxy (--public-origin). */
  publicOrigin?: string;
}

export async function openHost(opts: HostOptions): Promise<Host> {
  const { host: listenHost, port } = parseListen(opts.listen);
  // Agents on this machine reach a wildcard listen through loopback (a Host of 0.0.0.0 would be refused).
  const host = reachableHost(listenHost);
  const cliEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/main.js');
  const supervisor = await Supervisor.open({
    home: opts.home,
    hookBaseUrl: port === 0 || opts.tls ? '' : `http://${formatHostPort(host, port)}`,
    relayCommand: [process.execPath, cliEntry, 'hook'],
    mcpCommand: [process.execPath, cliEntry, 'mcp'],
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
  // Agents acting through MCP never decide approvals (README Security): their API lacks it.
  const mcpRoute = createMcpRoute({ api: agentApi(service), token: opts.token, version: PASEO_VERSION });
  let server: RunningServer | undefined;
  let hookServer: RunningServer | undefined;
  try {
    server = await startServer({
      service,
      listen: opts.listen,
      token: opts.token,
      version: PASEO_VERSION,
      home: opts.home,
      mcpRoute,
      extraRoutes: pageRoutes(),
      ...(opts.unixSocket ? { socketPath: path.join(opts.home, Defaults.SOCKET_FILE) } : {}),
      ...(opts.tls ? { tls: opts.tls } : {}),
      ...(opts.publicOrigin ? { publicOrigin: opts.publicOrigin } : {}),
    });
    // Same service, token and devices; loopback only, so a hook never leaves the machine in plain text.
    if (opts.tls) hookServer = await startServer({ service, listen: '127.0.0.1:0', token: opts.token, version: PASEO_VERSION, home: opts.home, auth: server.auth });
  } catch (err) {
    await server?.close();
    await supervisor.shutdown();
    supervisor.dispose();
    throw err;
  }
  const main = server;
  const hookBase = hookServer ?? main;
  if (port === 0) supervisor.setListen(formatHostPort(listenHost, main.port));
  if (port === 0 || hookServer) supervisor.setHookBaseUrl(`http://${formatHostPort(reachableHost(hookBase.host), hookBase.port)}`);
  return {
    service: supervisor,
    url: main.url,
    async close() {
      await hookServer?.close();
      await main.close();
      await supervisor.shutdown();
      supervisor.dispose();
    },
  };
}
