/** `paseo logs`: an agent's screen and scrollback as text; --follow streams new output. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { parsePositiveInt } from '../agent-output.js';
import { stripControls, trimScreen } from '../format.js';

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('logs')
    .description("print an agent's screen and scrollback as text")
    .argument('<id>', 'agent id or unique prefix')
    .option('-n, --tail <lines>', 'only the last N lines')
    .option('-f, --follow', 'keep printing new output until the agent exits (Ctrl-C stops)')
    .option('--ansi', 'keep colours and other escape sequences')
    .action(async (id: string, o: { tail?: string; follow?: boolean; ansi?: boolean }) => {
      const tail = o.tail === undefined ? undefined : parsePositiveInt(o.tail, '--tail');
      const api = await ctx.api();
      const agent = await api.getAgent(id);
      const text = await api.readLogs(agent.id, { tail, ansi: !!o.ansi });
      const shown = o.ansi ? text.replace(/\n+$/, '') : trimScreen(stripControls(text));
      if (ctx.globals().json && !o.follow) {
        ctx.json({ agentId: agent.id, text: shown });
        return;
      }
      if (shown) ctx.out(shown);
      if (!o.follow) return;
      await new Promise<void>((resolve) => {
        let lastSeq = Number.POSITIVE_INFINITY;
        const subPromise = api.subscribeTerminal(
          agent.id,
          {
            onSnapshot(s) {
              // The first snapshot was printed above as text; later ones are resyncs: only note them.
              if (lastSeq !== Number.POSITIVE_INFINITY) process.stdout.write('\n[resynced]\n');
              lastSeq = s.seq;
            },
            onDelta(d) {
              if (d.kind !== 'output' || d.seq <= lastSeq) return;
              lastSeq = d.seq;
              process.stdout.write(o.ansi ? d.data : stripControls(d.data));
            },
          },
          { scrollbackLines: 0 },
        );
        const events = api.onDidChangeAgent((e) => {
          if (e.kind !== 'removed' && e.agent.id === agent.id && (e.agent.status === 'exited' || e.agent.status === 'error')) done();
        });
        const done = () => {
          events.dispose();
          void subPromise.then((s) => s.dispose());
          resolve();
        };
        process.once('SIGINT', done);
      });
    });
}
