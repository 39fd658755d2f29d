// The env an agent was created with survives a daemon restart: saved 0600 in its private dir (not in its record), used when it is resumed.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/supervisor/supervisor.js';
import { closeAll, openSupervisor, tempHome, until } from './helpers/supervisor-fixture.js';

afterEach(closeAll);

const RESUMY = `export default {
  name: 'resumy', displayName: 'Resumy', models: [], modes: ['default'], interruptKeys: '\\x03', supportsResume: true,
  async detectInstall() { return { installed: true }; },
  async launch(ctx) {
    const life = ctx.resumeSessionRef ? 'second' : 'first';
    return { file: 'bash', args: ['-c', 'echo ' + life + '-life-mark=$RESUMY_MARK; exec sleep 1000'],
      env: ctx.env, promptDelivery: 'none', sessionRef: ctx.resumeSessionRef ?? 'sess-env' };
  },
  encodePrompt: (t) => [t, '\\r'], createStateDetector: () => ({ detect: () => 'unknown' }),
};`;

describe('creation env across a restart', () => {
  it('is saved privately and given to the resumed agent', async () => {
    const home = tempHome();
    writeFileSync(path.join(home, 'resumy.mjs'), RESUMY);
    writeFileSync(path.join(home, 'config.json'), JSON.stringify({ adapters: { resumy: './resumy.mjs' } }));
    const first = await openSupervisor(home);
    const agent = await first.sup.createAgent({ provider: 'resumy', env: { RESUMY_MARK: 'sekrit-42' } });
    await until('first life output', async () => (await first.sup.readLogs(agent.id)).includes('first-life-mark=sekrit-42'));
    await first.sup.store.flush();

    const envFile = path.join(home, 'agents', agent.id, 'launch-env.json');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(envFile, 'utf8'))).toEqual({ RESUMY_MARK: 'sekrit-42' });
    expect(readFileSync(path.join(home, 'agents', `${agent.id}.json`), 'utf8')).not.toContain('sekrit-42');

    // The daemon dies without stopping its agents (dispose only; the record still says live), then a new one opens the home.
    first.sup.dispose();
    const second = await Supervisor.open({ home, hookBaseUrl: 'http://127.0.0.1:9', relayCommand: ['paseo', 'hook'], version: 't', listen: '127.0.0.1:0', env: { SHELL: '/bin/bash', HOME: home } });
    try {
      await until('resumed with the saved env', async () => (await second.readLogs(agent.id)).includes('second-life-mark=sekrit-42'));
      const resumed = await second.getAgent(agent.id);
      expect(resumed.providerSessionRef).toBe('sess-env');
      expect(resumed.statusDetail).toMatch(/resumed/);
    } finally {
      await second.shutdown();
      second.dispose();
    }
  });
});
