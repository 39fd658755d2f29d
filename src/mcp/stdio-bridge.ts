/**
 * `paseo mcp`: MCP on stdin/stdout for any MCP client (and the agents paseo starts), relayed to the daemon's /mcp.
 * The daemon runs the tools; this process only carries messages, with the daemon's token or the agent's credential.
 */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../core/errors.js';
import { AGENT_HEADER } from './http-route.js';

export interface BridgeOptions {
  /** http://host:port/mcp */
  url: string;
  /** The daemon's token (a person's `paseo mcp`). */
  token?: string;
  /** An agent's credential (its MCP server): id and hook secret. */
  agent?: { id: string; secret: string };
}

/** Resolves when stdin closes. */
export async function runStdioBridge(opts: BridgeOptions): Promise<void> {
  const headers: Record<string, string> = {};
  if (opts.agent) {
    headers.authorization = `Bearer ${opts.agent.secret}`;
    headers[AGENT_HEADER] = opts.agent.id;
  } else if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const stdio = new StdioServerTransport();
  const http = new StreamableHTTPClientTransport(new URL(opts.url), { requestInit: { headers } });
  const closed = new Promise<void>((resolve) => {
    stdio.onclose = resolve;
    // The client closing our stdin is the end of the session.
    process.stdin.once('end', resolve);
  });
  stdio.onmessage = (message: JSONRPCMessage) => {
    http.send(message).catch((err: unknown) => {
      // A request the daemon could not take still gets its answer, so the client does not wait forever.
      if ('id' in message && 'method' in message) {
        void stdio.send({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: `paseo daemon unreachable at ${opts.url}: ${errorMessage(err)}` } });
      }
    });
  };
  http.onmessage = (message) => void stdio.send(message);
  http.onerror = () => {};
  await http.start();
  await stdio.start();
  await closed;
  await http.close();
}
