/** paseo's MCP server over a PaseoApi: every tool of tools/index.ts, input validated by its schema, results as JSON text. */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { PaseoApi } from '../core/api.js';
import { Mcp } from '../core/constants.js';
import { toPaseoError } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import type { ToolContext } from './tool.js';
import { ALL_TOOLS } from './tools/index.js';

const log = createLogger('mcp');

export interface McpServerOptions {
  api: PaseoApi;
  version: string;
  /** The agent this server acts for (its MCP credential), if any. */
  callerAgentId?: string;
  progressIntervalMs?: number;
}

export function createPaseoMcpServer(opts: McpServerOptions): McpServer {
  const server = new McpServer({ name: 'paseo', version: opts.version }, { capabilities: { tools: {} } });
  for (const tool of ALL_TOOLS) {
    server.registerTool(tool.name, { description: tool.description, inputSchema: tool.inputSchema }, async (args: Record<string, unknown>, extra) => {
      const token = extra._meta?.progressToken;
      let step = 0;
      const ctx: ToolContext = {
        api: opts.api,
        ...(opts.callerAgentId ? { callerAgentId: opts.callerAgentId } : {}),
        signal: extra.signal,
        progressIntervalMs: opts.progressIntervalMs ?? Mcp.PROGRESS_INTERVAL_MS,
        progress: async (message) => {
          if (token === undefined) return;
          await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++step, message } });
        },
      };
      try {
        const result = await tool.run(args as never, ctx);
        return { content: [{ type: 'text' as const, text: JSON.stringify(result, null, 2) }] };
      } catch (err) {
        const e = toPaseoError(err);
        log.info('mcp.tool-failed', { tool: tool.name, caller: opts.callerAgentId, code: e.code, error: e.message });
        return { isError: true, content: [{ type: 'text' as const, text: `${tool.name} failed: ${e.message}` }] };
      }
    });
  }
  return server;
}
