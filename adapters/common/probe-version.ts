/** Runs `<cli> --version` in a throwaway HOME (even --version writes state there for some CLIs) and caches the answer. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Adapters } from '../../src/core/constants.js';
import { commandFor } from './resolve-binary.js';

const cache = new Map<string, Promise<string | undefined>>();

export function probeVersion(binary: string): Promise<string | undefined> {
  let hit = cache.get(binary);
  if (!hit) {
    hit = run(binary);
    cache.set(binary, hit);
  }
  return hit;
}

function run(binary: string): Promise<string | undefined> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-version-'));
  const { file, args } = commandFor(binary, ['--version']);
  const env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home, XDG_STATE_HOME: home, CODEX_HOME: home, NO_COLOR: '1' };
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: Adapters.VERSION_PROBE_TIMEOUT_MS, killSignal: 'SIGKILL' }, (err, stdout) => {
      fs.rmSync(home, { recursive: true, force: true });
      const m = /\d+\.\d+\.\d+[\w.-]*/.exec(String(stdout));
      resolve(err && !m ? undefined : m?.[0]);
    });
  });
}
