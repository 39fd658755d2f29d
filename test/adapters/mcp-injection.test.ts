/** paseo's MCP server in each CLI's per-agent settings (never the user's files); config mcp.inject:false leaves it out. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import claude from '../../adapters/claude/index.js';
import codex from '../../adapters/codex/index.js';
import gemini from '../../adapters/gemini/index.js';
import opencode from '../../adapters/opencode/index.js';
import type { LaunchContext } from '../../src/core/adapter.js';
import { mcpServerLaunch } from '../../src/supervisor/mcp-launch.js';
import { loadConfig } from '../../src/supervisor/config-store.js';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-mcp-inject-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function ctx(withMcp: boolean): LaunchContext {
  const agentDir = path.join(tmp, 'agent');
  fs.mkdirSync(agentDir, { recursive: true });
  return {
    agentId: 'a1',
    cwd: tmp,
    mode: 'default',
    agentDir,
    env: { HOME: path.join(tmp, 'home'), PATH: process.env.PATH ?? '' },
    hook: { url: 'http://127.0.0.1:1/hooks/a1', secret: 'sekrit', relayCommand: ['paseo', 'hook'] },
    ...(withMcp
      ? mcpServerLaunch({ command: ['/usr/bin/node', '/x/main.js', 'mcp'], inject: true, hookBaseUrl: 'http://127.0.0.1:1', home: '/h', agentId: 'a1', agentDir })
      : {}),
  };
}

const ARGS = ['/x/main.js', 'mcp', '--url', 'http://127.0.0.1:1/mcp', '--agent', 'a1', '--secret-file'];

describe('MCP injection', () => {
  it('is off with mcp.inject false, no command, or no hook URL', () => {
    const base = { command: ['node', 'main.js', 'mcp'], inject: true, hookBaseUrl: 'http://h:1', home: '/h', agentId: 'a1', agentDir: '/d' };
    expect(mcpServerLaunch(base).mcp?.env).toEqual({ PASEO_AGENT_ID: 'a1', PASEO_HOME: '/h' });
    expect(mcpServerLaunch({ ...base, inject: false })).toEqual({});
    expect(mcpServerLaunch({ ...base, command: undefined })).toEqual({});
    expect(mcpServerLaunch({ ...base, hookBaseUrl: '' })).toEqual({});
    fs.writeFileSync(path.join(tmp, 'config.json'), JSON.stringify({ mcp: { inject: false } }));
    expect(loadConfig(tmp).mcpInject).toBe(false);
    fs.writeFileSync(path.join(tmp, 'config.json'), JSON.stringify({}));
    expect(loadConfig(tmp).mcpInject).toBe(true);
  });

  it('Claude: --mcp-config with a stdio server carrying PASEO_AGENT_ID; the secret is a file path, never in the config', async () => {
    const spec = await claude.launch(ctx(true));
    const i = spec.args.indexOf('--mcp-config');
    expect(i).toBeGreaterThan(-1);
    const file = spec.files!.find((f) => f.path === spec.args[i + 1])!;
    const cfg = JSON.parse(file.content) as { mcpServers: { paseo: { type: string; command: string; args: string[]; env: Record<string, string> } } };
    expect(cfg.mcpServers.paseo).toMatchObject({ type: 'stdio', command: '/usr/bin/node', env: { PASEO_AGENT_ID: 'a1' } });
    expect(cfg.mcpServers.paseo.args.slice(0, ARGS.length)).toEqual(ARGS);
    expect(file.content).not.toContain('sekrit');
    expect(file.mode).toBe(0o600);
    expect((await claude.launch(ctx(false))).args).not.toContain('--mcp-config');
  });

  it('Codex: [mcp_servers."paseo"] in the private config.toml', async () => {
    const spec = await codex.launch(ctx(true));
    const toml = spec.files!.find((f) => f.path.endsWith('config.toml'))!.content;
    expect(toml).toContain('[mcp_servers."paseo"]');
    expect(toml).toContain('command = "/usr/bin/node"');
    expect(toml).toContain('"PASEO_AGENT_ID" = "a1"');
    expect(toml).not.toContain('sekrit');
    const plain = (await codex.launch(ctx(false))).files!.find((f) => f.path.endsWith('config.toml'))!.content;
    expect(plain).not.toContain('mcp_servers');
  });

  it('Gemini: mcpServers in the private settings.json', async () => {
    const spec = await gemini.launch(ctx(true));
    const settings = JSON.parse(spec.files!.find((f) => f.path.endsWith('settings.json'))!.content) as { mcpServers?: Record<string, { command: string; env: Record<string, string> }> };
    expect(settings.mcpServers?.paseo).toMatchObject({ command: '/usr/bin/node', env: { PASEO_AGENT_ID: 'a1' } });
  });

  it('OpenCode: mcp.paseo as a local server in OPENCODE_CONFIG_CONTENT', async () => {
    const spec = await opencode.launch(ctx(true));
    const cfg = JSON.parse(spec.env.OPENCODE_CONFIG_CONTENT!) as { mcp: { paseo: { type: string; command: string[]; environment: Record<string, string> } } };
    expect(cfg.mcp.paseo).toMatchObject({ type: 'local', environment: { PASEO_AGENT_ID: 'a1' } });
    expect(cfg.mcp.paseo.command.slice(0, 3)).toEqual(['/usr/bin/node', '/x/main.js', 'mcp']);
    expect((await opencode.launch(ctx(false))).env.OPENCODE_CONFIG_CONTENT).toBeUndefined();
  });
});
