/**
 * A per-agent CODEX_HOME that looks like the user's own: every entry of their CODEX_HOME (auth.json, sessions,
 * history…) is symlinked in, so login and `codex resume` keep working, while config.toml and hooks.json are
 * private copies with paseo's additions. Nothing is written into the user's directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HookFile } from '../common/hook-files.js';

export interface Overlay {
  dir: string;
  files: HookFile[];
}

export function userCodexHome(env: Record<string, string>): string | undefined {
  if (env.CODEX_HOME) return env.CODEX_HOME;
  return env.HOME ? path.join(env.HOME, '.codex') : undefined;
}

function tomlKey(s: string): string {
  return JSON.stringify(s);
}

export function buildOverlay(opts: { agentDir: string; userHome: string | undefined; cwd: string; hooks: Record<string, unknown[]>; extraToml?: string }): Overlay {
  const dir = path.join(opts.agentDir, 'codex-home');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let config = '';
  let userHooks: { hooks?: Record<string, unknown[]> } = {};
  if (opts.userHome && fs.existsSync(opts.userHome)) {
    for (const entry of fs.readdirSync(opts.userHome)) {
      if (entry === 'config.toml' || entry === 'hooks.json') continue;
      const link = path.join(dir, entry);
      try {
        fs.lstatSync(link);
      } catch {
        fs.symlinkSync(path.join(opts.userHome, entry), link);
      }
    }
    try {
      config = fs.readFileSync(path.join(opts.userHome, 'config.toml'), 'utf8');
    } catch {
      // no user config: Codex defaults
    }
    try {
      userHooks = JSON.parse(fs.readFileSync(path.join(opts.userHome, 'hooks.json'), 'utf8')) as typeof userHooks;
    } catch {
      // no user hooks
    }
  }
  // The user chose this directory for the agent; without trust Codex stops on a dialog before the first prompt.
  const projectTable = `[projects.${tomlKey(opts.cwd)}]`;
  if (!config.includes(projectTable)) config += `\n${projectTable}\ntrust_level = "trusted"\n`;
  // paseo's MCP server table, unless the user's config already has one of that name (Codex refuses a duplicate table).
  if (opts.extraToml && !config.includes(opts.extraToml.trim().split('\n')[0]!)) config += opts.extraToml;
  const merged: Record<string, unknown[]> = { ...(userHooks.hooks ?? {}) };
  for (const [event, groups] of Object.entries(opts.hooks)) merged[event] = [...(merged[event] ?? []), ...groups];
  return {
    dir,
    files: [
      { path: path.join(dir, 'config.toml'), content: config, mode: 0o600 },
      { path: path.join(dir, 'hooks.json'), content: JSON.stringify({ hooks: merged }, null, 2), mode: 0o600 },
    ],
  };
}
