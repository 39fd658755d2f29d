import { describe, expect, it } from 'vitest';
import { AgentMirror } from '../../src/tui/agent-mirror.js';

function lineText(mirror: AgentMirror, y: number): string {
  return mirror.terminal!.buffer.active.getLine(y)?.translateToString(true) ?? '';
}

describe('AgentMirror', () => {
  it('goes live once its snapshot is parsed', async () => {
    const m = new AgentMirror('a1');
    const changed = new Promise<string>((resolve) => m.onDidChange(resolve));
    m.applySnapshot({ agentId: 'a1', cols: 20, rows: 4, seq: 1, data: 'hello' });
    expect(await changed).toBe('a1');
    expect(m.live).toBe(true);
    expect(lineText(m, 0)).toBe('hello');
    m.dispose();
  });

  it('parses an output delta before applyDelta returns (no timer turn: the next frame shows it, one wake-up per delta)', async () => {
    const m = new AgentMirror('a1');
    await new Promise<void>((resolve) => {
      m.onDidChange(() => resolve());
      m.applySnapshot({ agentId: 'a1', cols: 20, rows: 4, seq: 1, data: '$ ' });
    });
    let changes = 0;
    m.onDidChange(() => changes++);
    m.applyDelta({ kind: 'output', agentId: 'a1', seq: 2, data: 'x' });
    expect(lineText(m, 0)).toBe('$ x');
    expect(changes).toBe(1);
    // Deltas stay in order when several arrive in one batch.
    m.applyDelta({ kind: 'output', agentId: 'a1', seq: 3, data: 'y\r\nnext' });
    m.applyDelta({ kind: 'output', agentId: 'a1', seq: 4, data: ' line' });
    expect([lineText(m, 0), lineText(m, 1)]).toEqual(['$ xy', 'next line']);
    expect(changes).toBe(3);
    m.dispose();
  });
});
