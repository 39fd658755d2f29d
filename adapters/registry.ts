/** Finds adapters by provider name: the built-ins, the agent CLIs present under adapters/<name>/, and custom modules named in config. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AgentAdapter } from '../src/core/adapter.js';
import { PaseoError, errorMessage } from '../src/core/errors.js';
import type { ProviderInfo } from '../src/core/protocol.js';
import { paseoRoot } from './common/project-root.js';
import shellAdapter from './shell/index.js';
import commandAdapter from './command/index.js';

/**
 * Agent CLI adapters loaded from `adapters/<folder>/index.js` when that folder exists.
 * One line per adapter; add yours here.
 */
const OPTIONAL_ADAPTER_FOLDERS: readonly string[] = [
  'claude',
  'claude-code',
  'codex',
  'gemini',
  'opencode',
  'aider',
];

export interface AdapterEntry {
  name: string;
  adapter?: AgentAdapter;
  /** Why a configured adapter could not be loaded. */
  error?: string;
}

export interface ProviderSpec {
  provider: string;
  model?: string;
}

/** "claude/sonnet" → {provider: "claude", model: "sonnet"}; "shell" → {provider: "shell"}. */
export function parseProvider(value: string): ProviderSpec {
  const trimmed = value.trim();
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { provider: trimmed };
  const provider = trimmed.slice(0, slash);
  const model = trimmed.slice(slash + 1);
  return model ? { provider, model } : { provider };
}

export class AdapterRegistry {
  private loaded: Promise<AdapterEntry[]> | undefined;

  /** `custom`: provider name → module path, relative paths resolved against `home`. */
  constructor(
    private readonly home: string,
    private readonly custom: Record<string, string> = {},
  ) {}

  /** Every adapter known, with the reason for each that failed to load. */
  list(): Promise<AdapterEntry[]> {
    this.loaded ??= this.loadAll();
    return this.loaded;
  }

  async get(name: string): Promise<AgentAdapter> {
    const entries = await this.list();
    const entry = entries.find((e) => e.name === name);
    if (!entry) {
      const known = entries.filter((e) => e.adapter).map((e) => e.name);
      throw new PaseoError('not_found', `unknown provider "${name}" (known: ${known.join(', ')})`, { provider: name });
    }
    if (!entry.adapter) throw new PaseoError('adapter', `provider "${name}" failed to load: ${entry.error}`, { provider: name });
    return entry.adapter;
  }

  private async loadAll(): Promise<AdapterEntry[]> {
    const byName = new Map<string, AdapterEntry>();
    for (const adapter of [shellAdapter, commandAdapter]) byName.set(adapter.name, { name: adapter.name, adapter });
    for (const folder of OPTIONAL_ADAPTER_FOLDERS) {
      const entry = await loadOptional(folder);
      if (entry && !byName.has(entry.name)) byName.set(entry.name, entry);
    }
    for (const [name, modulePath] of Object.entries(this.custom)) {
      const file = path.resolve(this.home, modulePath);
      try {
        const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
        const adapter = validateAdapter(mod.default, file);
        if (adapter.name !== name) throw new Error(`its name is "${adapter.name}", configured as "${name}"`);
        byName.set(name, { name, adapter });
      } catch (err) {
        byName.set(name, { name, error: `${file}: ${errorMessage(err)}` });
      }
    }
    return [...byName.values()];
  }
}

/**
 * Every provider as `paseo provider ls` shows it: installed?, binary, version, models, modes, whether its agents
 * resume after a daemon restart. Runs wherever the agents would start (the daemon, or the CLI when none runs) with
 * that process's environment. A binary found only in paseo's own node_modules (its pinned development copy, present
 * in a git checkout after `npm install`) is marked `devCopy`: it runs, but it is not the user's install.
 */
export async function describeProviders(registry: AdapterRegistry, env: Record<string, string>): Promise<ProviderInfo[]> {
  const entries = await registry.list();
  const root = paseoRoot();
  const devDir = root ? path.join(root, 'node_modules') + path.sep : undefined;
  return Promise.all(
    entries.map(async (e): Promise<ProviderInfo> => {
      if (!e.adapter) return { name: e.name, displayName: e.name, installed: false, reason: e.error, models: [], modes: [] };
      const base = {
        name: e.adapter.name,
        displayName: e.adapter.displayName,
        models: [...e.adapter.models],
        modes: [...e.adapter.modes],
        supportsResume: e.adapter.supportsResume,
      };
      try {
        const found = await e.adapter.detectInstall(env);
        const devCopy = devDir !== undefined && found.binary !== undefined && path.resolve(found.binary).startsWith(devDir);
        return { ...base, ...found, ...(devCopy ? { devCopy } : {}) };
      } catch (err) {
        return { ...base, installed: false, reason: errorMessage(err) };
      }
    }),
  );
}

async function loadOptional(folder: string): Promise<AdapterEntry | undefined> {
  const spec = `./${folder}/index.js`;
  try {
    const mod = (await import(spec)) as { default?: unknown };
    const adapter = validateAdapter(mod.default, spec);
    return { name: adapter.name, adapter };
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = errorMessage(err);
    // Absent folder: not an error. Anything else (a broken adapter) is reported, not hidden.
    if ((code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/i.test(message)) && message.includes(`/${folder}/index`)) {
      return undefined;
    }
    return { name: folder, error: message };
  }
}

/** Checks that a module's default export looks like an AgentAdapter, with the missing member in the error. */
export function validateAdapter(value: unknown, source: string): AgentAdapter {
  const a = value as Partial<Record<keyof AgentAdapter, unknown>> | undefined;
  if (!a || typeof a !== 'object') throw new PaseoError('adapter', `${source} has no default export adapter object`, { source });
  const want: Array<[keyof AgentAdapter, string]> = [
    ['name', 'string'],
    ['displayName', 'string'],
    ['interruptKeys', 'string'],
    ['supportsResume', 'boolean'],
    ['detectInstall', 'function'],
    ['launch', 'function'],
    ['encodePrompt', 'function'],
    ['createStateDetector', 'function'],
  ];
  for (const [key, type] of want) {
    if (typeof a[key] !== type) throw new PaseoError('adapter', `${source}: adapter.${String(key)} must be a ${type}`, { source, key });
  }
  if (!Array.isArray(a.models) || !Array.isArray(a.modes)) throw new PaseoError('adapter', `${source}: adapter.models and adapter.modes must be arrays`, { source });
  return value as AgentAdapter;
}
