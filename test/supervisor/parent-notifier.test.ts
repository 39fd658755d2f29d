// notifyOnFinish: a child's finish reaches its parent as a prompt; a message written before a restart is sent after it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentRecord } from '../../src/core/agent.js';
import { Emitter } from '../../src/core/event.js';
import type { AgentEvent } from '../../src/core/protocol.js';
import { ParentNotifier, outcomeOf } from '../../src/supervisor/parent-notifier.js';
import { closeAll, openSupervisor, tempHome, until } from './helpers/supervisor-fixture.js';

afterEach(closeAll);

function rec(status: AgentRecord['status'], extra: Partial<AgentRecord> = {}): AgentRecord {
  return { id: 'c1', title: 'kid', provider: 'shell', mode: 'default', cwd: '/', status, cols: 80, rows: 24, createdAt: '', updatedAt: '', ...extra };
}

describe('outcomeOf', () => {
  it('names finishing, asking, exiting and failing; nothing else', () => {
    expect(outcomeOf('running', rec('idle'))).toBe('finished');
    expect(outcomeOf('running', rec('waiting'))).toBe('needs permission');
    expect(outcomeOf('running', rec('exited', { exitCode: 2 }))).toBe('exited with code 2');
    expect(outcomeOf('running', rec('error', { statusDetail: 'spawn failed' }))).toBe('failed (spawn failed)');
    expect(outcomeOf('starting', rec('idle'))).toBeUndefined();
    expect(outcomeOf('idle', rec('running'))).toBeUndefined();
    expect(outcomeOf('idle', rec('idle'))).toBeUndefined();
    // A record read back at startup is no news: its change happened before this daemon.
    expect(outcomeOf(undefined, rec('exited'))).toBeUndefined();
  });
});

describe('notifyOnFinish', () => {
  it("delivers the child's finish (title, id, outcome, its last lines) into the parent", async () => {
    const { sup } = await openSupervisor();
    const parent = await sup.createAgent({ provider: 'shell', title: 'parent' });
    const child = await sup.createAgent({ provider: 'shell', title: 'kid', prompt: 'sleep 0.5; echo child-output-77', parentAgentId: parent.id, notifyOnFinish: true });
    expect(child.notifyOnFinish).toBe(true);
    const screen = await until('the notification in the parent', async () => {
      const text = await sup.readLogs(parent.id);
      return text.includes('child-output-77') && text.includes(`"kid" (${child.id}) finished`) ? text : undefined;
    });
    expect(screen).toContain('[paseo] child agent');
  });

  it('a child without notifyOnFinish tells nobody', async () => {
    const { sup } = await openSupervisor();
    const parent = await sup.createAgent({ provider: 'shell', title: 'parent' });
    const child = await sup.createAgent({ provider: 'shell', title: 'quiet', prompt: 'echo quiet-done', parentAgentId: parent.id });
    await until('the child done', async () => ((await sup.readLogs(child.id)).includes('quiet-done') && (await sup.getAgent(child.id)).status === 'idle' ? true : undefined));
    expect(await sup.readLogs(parent.id)).not.toContain('[paseo]');
  });

  it('sends a message a previous daemon wrote but did not hand over, once', async () => {
    const home = tempHome();
    const dir = path.join(home, 'notifications');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'x.json'), JSON.stringify({ parentAgentId: 'p1', childAgentId: 'c1', text: '[paseo] child agent "kid" (c1) finished.' }));
    const sent: Array<[string, string]> = [];
    const emitter = new Emitter<AgentEvent>();
    const notifier = new ParentNotifier(home, {
      onDidChangeAgent: emitter.event,
      sendText: async (id, text) => {
        sent.push([id, text]);
        return { delivered: false, queued: true };
      },
      readLogs: async () => '',
      listApprovals: async () => [],
    });
    notifier.resendPending();
    await until('the resend', () => (sent.length > 0 ? true : undefined));
    expect(sent).toEqual([['p1', '[paseo] child agent "kid" (c1) finished.']]);
    await until('the file removed', () => (fs.readdirSync(dir).length === 0 ? true : undefined));
    notifier.resendPending();
    expect(sent).toHaveLength(1);
    notifier.dispose();
  });
});
