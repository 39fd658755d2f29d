/** paseo's MCP server (LaunchContext.mcp) in each CLI's config dialect; the settings files are per agent, 0600. */
import type { McpServerLaunch } from '../../src/core/adapter.js';

/** Claude Code `--mcp-config` file and Gemini settings `mcpServers`: {name: {command, args, env}}. */
export function mcpServersJson(mcp: McpServerLaunch, withType: boolean): Record<string, unknown> {
  return { [mcp.name]: { ...(withType ? { type: 'stdio' } : {}), command: mcp.command, args: mcp.args, env: mcp.env } };
}

/** Codex config.toml `[mcp_servers.<name>]` table. */
export function mcpServerToml(mcp: McpServerLaunch): string {
  const q = (s: string) => JSON.stringify(s);
  const env = Object.entries(mcp.env).map(([k, v]) => `${q(k)} = ${q(v)}`).join(', ');
  return `\n[mcp_servers.${q(mcp.name)}]\ncommand = ${q(mcp.command)}\nargs = [${mcp.args.map(q).join(', ')}]\nenv = { ${env} }\n`;
}

/** OpenCode config (OPENCODE_CONFIG_CONTENT, merged over the user's): `mcp.<name>` as a local server. */
export function mcpOpenCodeConfig(mcp: McpServerLaunch): Record<string, unknown> {
  return { mcp: { [mcp.name]: { type: 'local', command: [mcp.command, ...mcp.args], environment: mcp.env, enabled: true } } };
}
