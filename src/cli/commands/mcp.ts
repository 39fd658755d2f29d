/** `paseo mcp`: paseo's MCP tools on stdio (for any MCP client; agents paseo starts get it configured with their own credential). */
import fs from 'node:fs';
import type { Command } from 'commander';
import { listenUrl } from '../../core/listen-address.js';
import { readToken } from '../../client/resolve-endpoint.js';
import type { CommandContext } from '../command-context.js';
import { UsageError } from '../usage-error.js';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('mcp')
    .description("serve paseo's MCP tools on stdin/stdout (create_worktree, create_agent, wait_for_agent, …), relayed to the daemon's /mcp")
    .option('--url <url>', "the daemon's MCP endpoint (default: http://<listen>/mcp)")
    .option('--agent <id>', 'act as this agent (PASEO_AGENT_ID): its children record it as parent')
    .option('--secret-file <file>', "the agent's credential file (with --agent)")
    .action(async (o: { url?: string; agent?: string; secretFile?: string }) => {
      const { runStdioBridge } = await import('../../mcp/stdio-bridge.js');
      const g = ctx.globals();
      const agentId = o.agent ?? (o.secretFile ? process.env.PASEO_AGENT_ID : undefined);
      if (agentId && !o.secretFile) throw new UsageError('--agent needs --secret-file');
      // A person's `paseo mcp` on this home's daemon: make sure it runs (a given --url is someone else's business).
      if (!agentId && !o.url) await ctx.api({ autoStart: true });
      const url = o.url ?? `${listenUrl('http', g.listen)}/mcp`;
      await runStdioBridge({
        url,
        ...(agentId ? { agent: { id: agentId, secret: fs.readFileSync(o.secretFile!, 'utf8').trim() } } : { token: readToken(g.home) }),
      });
    });
}
