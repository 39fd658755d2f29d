// Attention is cleared when the user looks: the TUI focusing a pane (attaching included) tells the daemon (agent.seen).
import { afterEach, describe, expect, it } from 'vitest';
import { buildKeyTable } from '../../src/tui/input/bindings.js';
import { TuiController } from '../../src/tui/tui-controller.js';
import { closeAll, openSupervisor, until } from '../supervisor/helpers/supervisor-fixture.js';

const controllers: TuiController[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) c.dispose();
  await closeAll();
});

describe('focus clears attention', () => {
  it('attaching focused on a failed shell, then focusing another, clears each one\'s attention', async () => {
    const { sup } = await openSupervisor();
    const first = await sup.createAgent({ prompt: 'false', title: 'first' });
    const second = await sup.createAgent({ prompt: 'ls /nonexistent-paseo', title: 'second' });
    expect((await sup.waitForAgent(first.id, { timeoutMs: 15_000 })).agent.attention).toBe('error');
    expect((await sup.waitForAgent(second.id, { timeoutMs: 15_000 })).agent.attention).toBe('error');

    const tui = new TuiController(sup, buildKeyTable(), 120, 40, '/tmp');
    controllers.push(tui);
    await tui.loadAgents(first.id);
    await until('first seen', async () => (await sup.getAgent(first.id)).attention === undefined);
    // Only what the user looked at: the other pane still wants attention.
    expect((await sup.getAgent(second.id)).attention).toBe('error');

    tui.focus(second.id);
    await until('second seen', async () => (await sup.getAgent(second.id)).attention === undefined);
    expect((await sup.getAgent(second.id)).lastExitCode).toBe(2);
  });
});
