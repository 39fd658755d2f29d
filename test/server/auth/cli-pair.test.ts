// `paseo pair` and `paseo devices` refuse bad input in one line before asking the daemon anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaseoSandbox } from '../../helpers/paseo-cli.js';
import { parseTtl } from '../../../src/cli/commands/pair.js';

let sandbox: PaseoSandbox;
beforeAll(async () => (sandbox = await PaseoSandbox.create()));
afterAll(async () => sandbox?.dispose());

describe('paseo pair options', () => {
  it('--ttl takes ms/s/m/h (bare = seconds) up to 24 h', () => {
    expect(parseTtl('10m')).toBe(600_000);
    expect(parseTtl('90')).toBe(90_000);
    expect(parseTtl('1h')).toBe(3_600_000);
    expect(() => parseTtl('25h')).toThrow(/at most 24h/);
    expect(() => parseTtl('10x')).toThrow(/--ttl/);
    expect(() => parseTtl('0')).toThrow(/--ttl/);
  });

  it('a bad --role or --ttl is a usage error (exit 2, one line), and no daemon is started for it', async () => {
    for (const args of [['pair', '--role', 'root'], ['pair', '--ttl', 'forever']]) {
      const r = await sandbox.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^paseo: --(role|ttl) must/);
    }
    expect(sandbox.daemonPid()).toBeUndefined();
  });
});
