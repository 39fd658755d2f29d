/**
 * The `paseo mcp` server an agent's CLI is configured with: stdio, talking to this daemon's /mcp as that agent. Its
 * credential is the agent's own hook secret, read from the agent's 0600 file (never in argv or a config file): it
 * can do what paseo's MCP tools do for that agent and no more — no daemon token, no approvals.
 */
import path from 'node:path';
import type { LaunchContext } from '../core/adapter.js';

export const MCP_SERVER_NAME = 'paseo';
/** The hook secret's file in the agent's private dir (adapters/common/relay-command.ts writes it). */
const SECRET_FILE = 'hook-secret';

export function mcpServerLaunch(opts: {
  command: string[] | undefined;
  inject: boolean;
  hookBaseUrl: string;
  home: string;
  agentId: string;
  agentDir: string;
}): Pick<LaunchContext, 'mcp'> {
  if (!opts.command || opts.command.length === 0 || !opts.inject || !opts.hookBaseUrl) return {};
  const [command, ...prefix] = opts.command;
  return {
    mcp: {
      name: MCP_SERVER_NAME,
      command: command!,
      args: [...prefix, '--url', `${opts.hookBaseUrl}/mcp`, '--agent', opts.agentId, '--secret-file', path.join(opts.agentDir, SECRET_FILE)],
      env: { PASEO_AGENT_ID: opts.agentId, PASEO_HOME: opts.home },
    },
  };
}
