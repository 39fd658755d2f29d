import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import shell from '../../adapters/shell/index.js';
import command from '../../adapters/command/index.js';
import { AdapterRegistry, parseProvider } from '../../adapters/registry.js';
import type { LaunchContext, TerminalView } from '../../src/core/adapter.js';
import { Status } from '../../src/core/constants.js';

const home = mkdtempSync(path.join(tmpdir(), 'paseo-reg-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const view = {} as TerminalView;
const ctx = (over: Partial<LaunchContext> = {}): LaunchContext => ({
  agentId: 'abc', cwd: '/tmp', mode: 'default', agentDir: home, env: { PATH: process.env.PATH ?? '', SHELL: '/bin/bash' },
  hook: { url: 'http://127.0.0.1:1/hooks/abc', secret: 's', relayCommand: ['paseo', 'hook'] }, ...over,
});

describe('shell adapter', () => {
  it('launches $SHELL interactive, prompt typed', async () => {
    const spec = await shell.launch(ctx({ prompt: 'echo hi' }));
    expect(spec.file).toBe('/bin/bash');
    // bash: a private rc (sourcing ~/.bashrc) adds the status marks.
    expect(spec.args).toEqual(['--rcfile', path.join(home, 'bashrc'), '-i']);
    expect(spec.shellIntegration).toBe(true);
    expect(spec.files?.[0]?.content).toContain('. ~/.bashrc');
    expect(spec.promptDelivery).toBe('typed');
    expect(spec.env.PASEO_AGENT_ID).toBe('abc');
    expect((await shell.launch(ctx())).promptDelivery).toBe('none');
    expect(shell.encodePrompt('echo a\necho b')).toEqual(['echo a\recho b', '\r']);
  });

  it('detector: busy while a command runs or output is recent, idle at a quiet prompt', () => {
    const d = shell.createStateDetector();
    expect(d.detect({ view, quietMs: 5_000, foregroundBusy: true })).toBe('busy');
    expect(d.detect({ view, quietMs: Status.QUIET_IDLE_MS - 1, foregroundBusy: false })).toBe('busy');
    expect(d.detect({ view, quietMs: Status.QUIET_IDLE_MS, foregroundBusy: false })).toBe('idle');
  });

  it('reports the shell as installed', async () => {
    expect(await shell.detectInstall({ PATH: process.env.PATH ?? '', SHELL: '/bin/bash' })).toMatchObject({ installed: true, binary: '/bin/bash' });
  });
});

describe('command adapter', () => {
  it('runs the given argv and refuses an empty one', async () => {
    const spec = await command.launch(ctx({ command: ['bash', '-c', 'echo hi'] }));
    expect([spec.file, ...spec.args]).toEqual(['bash', '-c', 'echo hi']);
    await expect(command.launch(ctx())).rejects.toThrow(/needs a command/);
  });

  it('status follows the process: busy whatever the screen, never idle by quiet', () => {
    expect(command.statusFollowsProcess).toBe(true);
    const d = command.createStateDetector();
    expect(d.detect({ view, quietMs: 10 })).toBe('busy');
    expect(d.detect({ view, quietMs: Status.QUIET_IDLE_MS * 100 })).toBe('busy');
  });
});

describe('adapter registry', () => {
  it('parses provider/model', () => {
    expect(parseProvider('claude/sonnet')).toEqual({ provider: 'claude', model: 'sonnet' });
    expect(parseProvider('codex/gpt-5.4')).toEqual({ provider: 'codex', model: 'gpt-5.4' });
    expect(parseProvider('shell')).toEqual({ provider: 'shell' });
    expect(parseProvider('shell/')).toEqual({ provider: 'shell' });
  });

  it('has the built-ins, loads a custom module relative to home, reports a broken one', async () => {
    writeFileSync(path.join(home, 'mine.mjs'), `export default {
      name: 'mine', displayName: 'Mine', models: [], modes: ['default'], interruptKeys: '\\x03', supportsResume: false,
      async detectInstall() { return { installed: true }; }, async launch() { return { file: 'true', args: [], env: {}, promptDelivery: 'none' }; },
      encodePrompt: (t) => [t, '\\r'], createStateDetector: () => ({ detect: () => 'idle' }) };`);
    writeFileSync(path.join(home, 'broken.mjs'), `export default { name: 'broken' };`);
    const reg = new AdapterRegistry(home, { mine: './mine.mjs', broken: './broken.mjs', gone: './gone.mjs' });
    expect((await reg.get('shell')).name).toBe('shell');
    expect((await reg.get('command')).name).toBe('command');
    expect((await reg.get('mine')).displayName).toBe('Mine');
    await expect(reg.get('broken')).rejects.toThrow(/displayName must be a string/);
    await expect(reg.get('gone')).rejects.toThrow(/failed to load/);
    await expect(reg.get('nope')).rejects.toMatchObject({ code: 'not_found' });
    const names = (await reg.list()).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['shell', 'command', 'mine', 'broken', 'gone']));
  });
});
