/** Raw passthrough of one agent to this terminal (`paseo attach --raw`): bytes both ways, Ctrl-] detaches. */
import type { PaseoApi } from '../core/api.js';

const DETACH_KEY = '\x1d'; // Ctrl-], as telnet: never typed by accident, free in shells and agent TUIs
const RESET_MODES = '\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1004l\x1b[<u\x1b[?25h\x1b[0m';

export async function rawAttach(api: PaseoApi, agentId: string, out: (s: string) => void): Promise<'detach' | 'exited'> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  out(`[paseo] attached to ${agentId}; detach with Ctrl-]\r\n`);
  let lastSeq = -1;
  const sub = await api.subscribeTerminal(agentId, {
    onSnapshot(s) {
      lastSeq = s.seq;
      stdout.write('\x1b[H\x1b[2J' + s.data);
    },
    onDelta(d) {
      if (d.seq <= lastSeq) return;
      lastSeq = d.seq;
      if (d.kind === 'output') stdout.write(d.data);
    },
  });
  if (stdout.isTTY) await api.resize(agentId, stdout.columns, stdout.rows).catch(() => undefined);
  // Attached = seen: whatever the agent wanted the user's eye for is on this screen now.
  await api.markSeen?.(agentId).catch(() => undefined);
  return new Promise((resolve) => {
    const onResize = () => void api.resize(agentId, stdout.columns, stdout.rows).catch(() => undefined);
    const onData = (buf: Buffer) => {
      const text = buf.toString('utf8');
      const at = text.indexOf(DETACH_KEY);
      if (at >= 0) {
        if (at > 0) api.writeInput(agentId, text.slice(0, at));
        finish('detach');
        return;
      }
      api.writeInput(agentId, text);
    };
    const events = api.onDidChangeAgent((e) => {
      if (e.kind !== 'removed' && e.agent.id === agentId && (e.agent.status === 'exited' || e.agent.status === 'error')) finish('exited');
    });
    function finish(reason: 'detach' | 'exited') {
      stdin.off('data', onData);
      stdout.off('resize', onResize);
      events.dispose();
      sub.dispose();
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      stdout.write(RESET_MODES + '\r\n');
      out(reason === 'detach' ? `[paseo] detached from ${agentId} (it keeps running)` : `[paseo] ${agentId} exited`);
      resolve(reason);
    }
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
    stdout.on('resize', onResize);
  });
}
