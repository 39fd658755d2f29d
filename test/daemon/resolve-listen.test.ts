// The listen address comes from --listen, then PASEO_LISTEN, then config.json's `listen` (README: a config.json
// setting), then the default. config.json's was validated and then ignored: the daemon started on 127.0.0.1:6767.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Defaults } from '../../src/core/constants.js';
import { resolveListen } from '../../src/daemon/paths.js';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

function home(config?: unknown): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-listen-'));
  homes.push(h);
  if (config !== undefined) fs.writeFileSync(path.join(h, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return h;
}

it("uses config.json's listen when neither --listen nor PASEO_LISTEN says otherwise", () => {
  const h = home({ listen: '127.0.0.1:7001' });
  expect(resolveListen(undefined, {}, h)).toBe('127.0.0.1:7001');
  expect(resolveListen(undefined, { PASEO_LISTEN: '127.0.0.1:7002' }, h)).toBe('127.0.0.1:7002');
  expect(resolveListen('127.0.0.1:7003', { PASEO_LISTEN: '127.0.0.1:7002' }, h)).toBe('127.0.0.1:7003');
});

it('falls back to the default without a config file, without a listen in it, or with a file that is not JSON', () => {
  expect(resolveListen(undefined, {}, home())).toBe(Defaults.LISTEN);
  expect(resolveListen(undefined, {}, home({ scrollbackLines: 500 }))).toBe(Defaults.LISTEN);
  expect(resolveListen(undefined, {}, home('{not json'))).toBe(Defaults.LISTEN);
});

it("refuses a config.json listen that is no host:port, in one line", () => {
  expect(() => resolveListen(undefined, {}, home({ listen: 'nonsense' }))).toThrow(/listen/i);
});
