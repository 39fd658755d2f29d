// Aider cannot be installed here (Python, no PyPI): its adapter is launched, command-style, against a stand-in
// with aider's own screen, through a real supervisor and PTY. What is proven: the argv the adapter builds, the
// prompt delivered once the "> " line is up, and the status its detector reads from the screen.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, openSupervisor, tempHome, until } from '../supervisor/helpers/supervisor-fixture.js';

const fake = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/agents/aider/fake-aider.mjs');

afterEach(closeAll);

describe('aider adapter, launched against a stand-in', () => {
  it('builds its argv from model and mode, types the first prompt at "> ", and goes running → idle', async () => {
    const home = tempHome();
    const logFile = path.join(home, 'fake-aider.log');
    const { sup } = await openSupervisor(home);

    const agent = await sup.createAgent({
      provider: 'aider/sonnet',
      mode: 'accept-edits',
      prompt: 'add a --verbose flag',
      cwd: home,
      env: { PASEO_AIDER_BIN: fake, FAKE_AIDER_LOG: logFile },
    });
    expect(agent).toMatchObject({ provider: 'aider', model: 'sonnet', mode: 'accept-edits' });
    const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
    await until('the prompt reached aider', () => log().includes('prompt add a --verbose flag'));
    const argv = JSON.parse(/argv (.*)/.exec(log())![1]!) as string[];
    expect(argv).toEqual(expect.arrayContaining(['--no-auto-commits', '--yes-always', '--model', 'sonnet']));

    const result = await sup.waitForAgent(agent.id, { timeoutMs: 15_000 });
    expect(result.outcome).toBe('idle');
    expect(await sup.readLogs(agent.id)).toContain('Here is my answer to: add a --verbose flag');

    // A second prompt while it is idle is typed at once and answered.
    await sup.sendText(agent.id, 'now the tests');
    await until('the second prompt reached aider', () => log().includes('prompt now the tests'));
    expect((await sup.waitForAgent(agent.id, { timeoutMs: 15_000 })).outcome).toBe('idle');
    expect(await sup.readLogs(agent.id)).toContain('Here is my answer to: now the tests');
  });

  it('its own (Y)es/(N)o question shows in the queue as "asks on its screen"; allowing it types y at the question', async () => {
    const home = tempHome();
    const logFile = path.join(home, 'fake-aider.log');
    const { sup } = await openSupervisor(home);
    const agent = await sup.createAgent({ provider: 'aider/sonnet', prompt: 'please edit hello.py', cwd: home, env: { PASEO_AIDER_BIN: fake, FAKE_AIDER_LOG: logFile } });
    const [ask] = await until('the screen ask in the queue', async () => {
      const list = await sup.listApprovals();
      return list.length > 0 && list;
    });
    expect(ask).toMatchObject({ id: `screen-${agent.id}`, agentId: agent.id, source: 'screen', provider: 'aider' });
    expect(ask!.screen!.join('\n')).toContain('Apply edit to hello.py? (Y)es/(N)o [Yes]:');
    expect(ask!.summary).toBe('asks on its screen: Apply edit to hello.py? (Y)es/(N)o [Yes]:');
    await sup.decideApproval(ask!.id, { behavior: 'allow' });
    await until('aider got y', () => fs.existsSync(logFile) && fs.readFileSync(logFile, 'utf8').includes('answer y'));
    await until('applied on its screen', async () => (await sup.readLogs(agent.id)).includes('Applied edit to hello.py'));
    await until('the item left the queue', async () => (await sup.listApprovals()).length === 0);
  });
});
