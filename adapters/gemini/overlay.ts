/**
 * A per-agent Gemini home (GEMINI_CLI_HOME) that looks like the user's own: every entry of their ~/.gemini (OAuth
 * credentials, accounts, trusted folders, chat history…) is symlinked in, while settings.json is a private copy
 * with paseo's hooks added. Nothing is written into the user's directory.
 *
 * Why not the system-settings file (GEMINI_CLI_SYSTEM_SETTINGS_PATH): Gemini skips it unless the file and every
 * directory above it are owned by root and not group/other-writable, so for an ordinary user (or a daemon home
 * under /tmp) the hooks would be silently dropped while yolo still runs every tool. User settings have no such check.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HookFile } from '../common/hook-files.js';

export interface GeminiOverlay {
  /** The value for GEMINI_CLI_HOME (Gemini reads `<it>/.gemini`). */
  home: string;
  files: HookFile[];
}

/** The user's Gemini home (what GEMINI_CLI_HOME or HOME points at), not its .gemini folder. */
export function userGeminiHome(env: Record<string, string>): string | undefined {
  return env.GEMINI_CLI_HOME || env.HOME || undefined;
}

function readJson(file: string): Record<string, unknown> {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function buildGeminiOverlay(opts: { agentDir: string; userHome: string | undefined; hooks: Record<string, unknown[]>; mcpServers?: Record<string, unknown> }): GeminiOverlay {
  const home = path.join(opts.agentDir, 'gemini-home');
  const dotDir = path.join(home, '.gemini');
  fs.mkdirSync(dotDir, { recursive: true, mode: 0o700 });
  const userDot = opts.userHome ? path.join(opts.userHome, '.gemini') : undefined;
  let user: Record<string, unknown> = {};
  if (userDot && fs.existsSync(userDot) && path.resolve(userDot) !== path.resolve(dotDir)) {
    for (const entry of fs.readdirSync(userDot)) {
      if (entry === 'settings.json') continue;
      const link = path.join(dotDir, entry);
      try {
        fs.lstatSync(link);
      } catch {
        fs.symlinkSync(path.join(userDot, entry), link);
      }
    }
    user = readJson(path.join(userDot, 'settings.json'));
  }
  const userHooks = (user.hooks && typeof user.hooks === 'object' ? user.hooks : {}) as Record<string, unknown[]>;
  const merged: Record<string, unknown[]> = { ...userHooks };
  for (const [event, groups] of Object.entries(opts.hooks)) merged[event] = [...(Array.isArray(merged[event]) ? merged[event] : []), ...groups];
  const hooksConfig = { ...((user.hooksConfig ?? {}) as Record<string, unknown>), enabled: true };
  const mcpServers = opts.mcpServers ? { mcpServers: { ...((user.mcpServers ?? {}) as Record<string, unknown>), ...opts.mcpServers } } : {};
  const settings = { ...user, hooksConfig, hooks: merged, ...mcpServers };
  return { home, files: [{ path: path.join(dotDir, 'settings.json'), content: JSON.stringify(settings, null, 2), mode: 0o600 }] };
}

/** Machine-wide settings (they override the user's): read only to see whether an admin turned hooks or yolo off. */
export function machineSettings(env: Record<string, string>): Record<string, unknown> {
  const file = env.GEMINI_CLI_SYSTEM_SETTINGS_PATH ?? (process.platform === 'darwin' ? '/Library/Application Support/GeminiCli/settings.json' : '/etc/gemini-cli/settings.json');
  return readJson(file);
}
