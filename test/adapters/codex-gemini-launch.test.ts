/** Gemini: hooks reach a settings file Gemini reads, CI does not make it headless. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import gemini from '../../adapters/gemini/index.js';

describe('Gemini launch', () => {
  it('puts the gate in a private GEMINI_CLI_HOME settings.json over the user settings, and drops CI', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paseo-gemini-launch-'));
    try {
      const home = path.join(tmp, 'home');
      fs.mkdirSync(path.join(home, '.gemini'), { recursive: true });
      fs.writeFileSync(path.join(home, '.gemini', 'settings.json'), JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }));
      fs.writeFileSync(path.join(home, '.gemini', 'oauth_creds.json'), '{}');
      const agentDir = path.join(tmp, 'agent');
      fs.mkdirSync(agentDir);
      const spec = await gemini.launch({
        agentId: 'a1', cwd: tmp, mode: 'default', agentDir, prompt: 'hi',
        env: { HOME: home, PATH: process.env.PATH ?? '', CI: 'true', GITHUB_ACTIONS: 'true' },
        hook: { url: 'http://127.0.0.1:1/hooks/a1', secret: 's', relayCommand: ['paseo', 'hook'] },
      });
      expect(spec.env.CI).toBeUndefined();
      expect(spec.env.GITHUB_ACTIONS).toBeUndefined();
      expect(spec.args).toEqual(expect.arrayContaining(['--approval-mode', 'yolo', '--prompt-interactive', 'hi']));
      const settingsFile = path.join(spec.env.GEMINI_CLI_HOME!, '.gemini', 'settings.json');
      const settings = JSON.parse(spec.files!.find((f) => f.path === settingsFile)!.content) as { security: unknown; hooks: Record<string, Array<{ matcher?: string }>>; hooksConfig: { enabled: boolean } };
      expect(settings.security).toEqual({ auth: { selectedType: 'gemini-api-key' } });
      expect(settings.hooksConfig.enabled).toBe(true);
      expect(settings.hooks.BeforeTool![0]!.matcher).toContain('run_shell_command');
      // Gemini shows a running hook by its name, else by its command line (long, with paseo's hook URL): named.
      for (const [event, groups] of Object.entries(settings.hooks)) {
        for (const h of (groups as Array<{ hooks: Array<{ name?: string }> }>).flatMap((g) => g.hooks)) expect(h.name).toBe(`paseo ${event}`);
      }
      expect(fs.readlinkSync(path.join(spec.env.GEMINI_CLI_HOME!, '.gemini', 'oauth_creds.json'))).toBe(path.join(home, '.gemini', 'oauth_creds.json'));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('types a prompt with Ctrl-E before Enter, newlines as backslash-Enter', () => {
    expect(gemini.encodePrompt('a\nb')).toEqual(['a\\\rb', '\x05\r']);
    expect(gemini.encodePrompt('!x')).toEqual([' !x', '\x05\r']);
  });
});
