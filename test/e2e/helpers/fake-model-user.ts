/**
 * The person a real-CLI e2e stands in for: a fake model server and a throwaway home with the CLI's own setup
 * pointed at it (cliUserEnv), closed and removed together; and the real CLIs the per-CLI suites run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeAnthropic } from '../../fakes/fake-anthropic.js';
import { startFakeGemini } from '../../fakes/fake-gemini.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import type { FakeModelServer } from '../../fakes/fake-server.js';
import { cliUserEnv, type Cli } from '../../fixtures/agents/cli-env.js';

/** Every real CLI with the provider string an agent is created with and the fake model server it talks to. */
export const REAL_CLIS: Array<{ cli: Cli; provider: string; fake: () => Promise<FakeModelServer> }> = [
  { cli: 'claude', provider: 'claude/sonnet', fake: startFakeAnthropic },
  { cli: 'codex', provider: 'codex/gpt-5.5', fake: startFakeOpenAI },
  { cli: 'gemini', provider: 'gemini/gemini-2.5-flash', fake: startFakeGemini },
  { cli: 'opencode', provider: 'opencode/anthropic/claude-sonnet-4-5', fake: startFakeAnthropic },
];

export interface FakeModelUser {
  fake: FakeModelServer;
  /** The user's HOME (a mkdtemp under the OS temp dir). */
  home: string;
  /** The CLI's environment: that home, its config trusting `cwd`, the model URL the fake's. */
  env: Record<string, string>;
  /** Closes the fake and removes the home. */
  close(): Promise<void>;
}

/** Starts the fake (`startFake`) and makes a home named `homePrefix…` with `cli`'s setup, trusting `cwd`. */
export async function fakeModelUser(cli: Cli, startFake: () => Promise<FakeModelServer>, homePrefix: string, cwd: string): Promise<FakeModelUser> {
  const fake = await startFake();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), homePrefix));
  const close = async () => {
    await fake.close();
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    return { fake, home, env: cliUserEnv(cli, { home, cwd, fakeUrl: fake.url }), close };
  } catch (err) {
    await close();
    throw err;
  }
}
