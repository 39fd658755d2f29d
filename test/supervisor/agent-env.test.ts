// Agents never inherit the daemon's credentials: PASEO_TOKEN and other secret-bearing PASEO_* variables stay out of their environment.
import { afterEach, describe, expect, it } from 'vitest';
import { agentBaseEnv } from '../../src/supervisor/agent-env.js';
import { closeAll, openSupervisor, until } from './helpers/supervisor-fixture.js';

const saved = { PASEO_TOKEN: process.env.PASEO_TOKEN, PASEO_HOOK_SECRET: process.env.PASEO_HOOK_SECRET };
afterEach(async () => {
  await closeAll();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('agent base environment', () => {
  it('drops the daemon-only PASEO_* variables and keeps the rest', () => {
    const env = agentBaseEnv(
      {
        PATH: '/bin',
        PASEO_TOKEN: 't',
        PASEO_HOOK_SECRET: 's',
        PASEO_AGENT_ID: 'other-agent',
        PASEO_READY_FD: '3',
        PASEO_REMOTE_TOKEN: 'r',
        PASEO_HOME: '/h',
        PASEO_LISTEN: '127.0.0.1:6767',
        PASEO_CLAUDE_BIN: '/opt/claude',
        GITHUB_TOKEN: 'the user’s own, for their agent',
      },
      { EXTRA: '1' },
    );
    expect(env).toEqual({
      PATH: '/bin',
      PASEO_HOME: '/h',
      PASEO_LISTEN: '127.0.0.1:6767',
      PASEO_CLAUDE_BIN: '/opt/claude',
      GITHUB_TOKEN: 'the user’s own, for their agent',
      EXTRA: '1',
    });
  });

  it('a shell agent of a daemon started with PASEO_TOKEN does not see it', async () => {
    process.env.PASEO_TOKEN = 'daemon-token-must-not-leak';
    process.env.PASEO_HOOK_SECRET = 'another-agents-secret';
    const { sup } = await openSupervisor();
    const agent = await sup.createAgent({ cwd: '/tmp', prompt: 'env | grep -c "^PASEO_\\(TOKEN\\|HOOK_SECRET\\)=" ; echo env-checked-$((6*7))' });
    await until('the env check ran', async () => (await sup.readLogs(agent.id)).includes('env-checked-42'));
    const logs = await sup.readLogs(agent.id);
    expect(logs).not.toContain('daemon-token-must-not-leak');
    expect(logs).not.toContain('another-agents-secret');
    expect(logs).toMatch(/^0$/m);
  });
});
