/** Locates an agent CLI: an explicit override, this project's pinned platform package, then PATH. */
import fs from 'node:fs';
import path from 'node:path';
import { paseoRoot } from './project-root.js';

export interface BinarySearch {
  /** Env var naming an explicit binary (e.g. PASEO_CLAUDE_BIN). */
  overrideEnv: string;
  /** Paths relative to node_modules, tried in order (native platform binaries first). */
  packagePaths: string[];
  /** Command names looked up on PATH. */
  pathNames: string[];
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findOnPath(name: string, envPath: string | undefined): string | undefined {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function resolveBinary(search: BinarySearch, env: Record<string, string>): string | undefined {
  const override = env[search.overrideEnv];
  if (override) return isExecutable(override) || override.endsWith('.js') ? override : undefined;
  const root = paseoRoot();
  if (root) {
    for (const rel of search.packagePaths) {
      const candidate = path.join(root, 'node_modules', rel);
      if (isExecutable(candidate) || (rel.endsWith('.js') && fs.existsSync(candidate))) return candidate;
    }
  }
  for (const name of search.pathNames) {
    const hit = findOnPath(name, env.PATH);
    if (hit) return hit;
  }
  return undefined;
}

/** node's platform/arch as npm platform packages spell them (linux-x64, darwin-arm64). */
export function platformTag(): string {
  return `${process.platform}-${process.arch}`;
}

/** A .js entry runs under this Node; anything else is executed directly. */
export function commandFor(binary: string, args: string[]): { file: string; args: string[] } {
  return binary.endsWith('.js') || binary.endsWith('.mjs') ? { file: process.execPath, args: [binary, ...args] } : { file: binary, args };
}
