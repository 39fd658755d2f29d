/** `paseo daemon start|stop|status|restart` (and the hidden `run`, the daemon process itself). */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { probeHealth, startDaemonDetached, stopDaemon } from '../daemon-control.js';
import { runDaemonCommand } from '../daemon-run.js';
import { homePaths } from '../../daemon/paths.js';
import { inspectPidFile, readLivePid, unverifiedMessage } from '../../daemon/pid-lock.js';
import { PaseoError } from '../../core/errors.js';

function describeCounts(agents: Record<string, number | undefined>): string {
  const parts = Object.entries(agents)
    .filter(([k, v]) => k !== 'total' && v)
    .map(([k, v]) => `${v} ${k}`);
  return `${agents.total ?? 0} agents${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

export function register(program: Command, ctx: CommandContext): void {
  const daemon = program.command('daemon').description('start, stop and inspect the paseo daemon');

  daemon
    .command('start')
    .description('start the daemon in the background (no-op when it already runs)')
    .action(async () => {
      const g = ctx.globals();
      const before = await probeHealth(g.listen, g.home);
      if (before) {
        if (before.home !== g.home) {
          throw new PaseoError('daemon_running', `another paseo daemon (home ${before.home}) is listening on ${g.listen}`);
        }
        const pid = readLivePid(homePaths(g.home).pidFile);
        if (g.json) ctx.json({ started: false, pid: before.pid, listen: g.listen });
        else ctx.out(`paseo: daemon already running (pid ${pid ?? before.pid}) on ${g.listen}`);
        ctx.setExitCode(1);
        return;
      }
      const started = await startDaemonDetached(g.home, g.listen);
      if (g.json) ctx.json({ started: true, pid: started.pid, listen: g.listen, home: g.home });
      else ctx.out(`daemon started (pid ${started.pid}) on ${g.listen}, home ${g.home}`);
    });

  daemon
    .command('stop')
    .description('stop the daemon; every agent is stopped with it')
    .action(async () => {
      const g = ctx.globals();
      // Only for the agent count: a daemon of another home on this address does not stop ours being stopped.
      const health = await probeHealth(g.listen, g.home).catch(() => undefined);
      const result = await stopDaemon(g.home);
      if (g.json) ctx.json(result);
      else if (result.stopped) {
        const n = health?.agents.total ?? 0;
        ctx.out(`daemon stopped (pid ${result.pid}); ${n} agent${n === 1 ? '' : 's'} stopped with it`);
      } else ctx.out('daemon not running');
    });

  daemon
    .command('restart')
    .description('stop the daemon (stopping its agents) and start it again')
    .action(async () => {
      const g = ctx.globals();
      await stopDaemon(g.home);
      const started = await startDaemonDetached(g.home, g.listen);
      if (g.json) ctx.json({ restarted: true, pid: started.pid });
      else ctx.out(`daemon restarted (pid ${started.pid}) on ${g.listen}`);
    });

  daemon
    .command('status')
    .description('is the daemon running; its pid, uptime and agents (exit 1 when not running)')
    .action(async () => {
      const g = ctx.globals();
      const health = await probeHealth(g.listen, g.home);
      if (!health) {
        // Only the process the PID file names by pid and start time counts; a bare old-format pid is not trusted.
        const pidFile = homePaths(g.home).pidFile;
        const state = inspectPidFile(pidFile);
        if (g.json) ctx.json({ running: false, ...(state.kind === 'live' || state.kind === 'unverified' ? { pid: state.pid, pidFileState: state.kind } : {}) });
        else if (state.kind === 'live') ctx.out(`daemon (pid ${state.pid}) holds home ${g.home} but does not answer on ${g.listen}`);
        else if (state.kind === 'unverified') ctx.out(`daemon not answering on ${g.listen}; ${unverifiedMessage(pidFile, state)}`);
        else ctx.out(`daemon not running (home ${g.home}, listen ${g.listen})`);
        ctx.setExitCode(1);
        return;
      }
      if (g.json) {
        ctx.json({ running: true, ...health });
        return;
      }
      ctx.out(
        [
          `daemon running: pid ${health.pid}, version ${health.version}, up ${Math.round(health.uptimeMs / 1000)}s`,
          `listen ${g.listen}, home ${health.home}`,
          describeCounts(health.agents as Record<string, number | undefined>),
        ].join('\n'),
      );
    });

  daemon
    .command('run', { hidden: true })
    .description('run the daemon in the foreground (what `daemon start` spawns)')
    .action(() => runDaemonCommand(ctx));
}
