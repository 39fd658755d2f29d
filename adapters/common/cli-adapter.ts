/** What the real-CLI adapters share: binary resolution, install detection, paste-based prompts. */
import type { AgentAdapter, InstallInfo, LaunchContext, LaunchSpec, StateDetector } from '../../src/core/adapter.js';
import type { AgentMode } from '../../src/core/agent.js';
import { probeVersion } from './probe-version.js';
import { resolveBinary, type BinarySearch } from './resolve-binary.js';
import { bracketedPaste } from './paste.js';

export abstract class CliAdapter implements AgentAdapter {
  abstract readonly name: string;
  abstract readonly displayName: string;
  abstract readonly models: readonly string[];
  readonly modes: readonly AgentMode[] = ['default', 'accept-edits', 'plan', 'full-access'];
  abstract readonly readyPattern: RegExp;
  abstract readonly supportsResume: boolean;
  /** Each of these TUIs shows a typed prompt (its text, or its placeholder for a long paste) before Enter. */
  readonly echoesPrompt = true;
  /** Esc cancels the running turn in every one of these TUIs (Ctrl-C would quit some of them). */
  readonly interruptKeys: string = '\x1b';
  protected abstract readonly search: BinarySearch;

  resolve(env: Record<string, string>): string | undefined {
    return resolveBinary(this.search, env);
  }

  async detectInstall(env: Record<string, string>): Promise<InstallInfo> {
    const binary = this.resolve(env);
    if (!binary) return { installed: false, reason: `${this.search.pathNames[0]} not found on PATH (or set ${this.search.overrideEnv})` };
    const version = await probeVersion(binary);
    if (!version) return { installed: false, binary, reason: `${binary} --version failed` };
    return { installed: true, binary, version };
  }

  encodePrompt(text: string): string[] {
    return bracketedPaste(text);
  }

  abstract launch(ctx: LaunchContext): Promise<LaunchSpec>;
  abstract createStateDetector(): StateDetector;

  protected requireBinary(env: Record<string, string>): string {
    const bin = this.resolve(env);
    if (!bin) throw new AdapterError(`${this.displayName} is not installed`, { adapter: this.name });
    return bin;
  }
}

import { PaseoError } from '../../src/core/errors.js';

export class AdapterError extends PaseoError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('adapter', message, context);
  }
}
