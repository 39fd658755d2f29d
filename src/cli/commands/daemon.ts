/** `paseo daemon start|stop|status|restart` (and the hidden `run`, the daemon process itself). */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { probeHealth, refuseEmbeddedHolder, startDaemonDetached, stopDaemon } from '../daemon-control.js';
import { runDaemonCommand } from '../daemon-run.js';
import { homePaths } from '../../daemon/paths.js';
import { embeddedHolderMessage, inspectPidFile, readLivePid, unverifiedMessage } from '../../daemon/pid-lock.js';
import { describeStatusCounts, type AgentCounts } from '../../core/agent-counts.js';
import { PaseoError } from '../../core/errors.js';
import { ExitCode } from '../exit-codes.js';
import { agentsEndingOnRestart, confirmRestart, describeEnding } from '../restart-warning.js';
import { applyExposureFlags, exposureOptions, type ExposureFlags } from '../exposure-flags.js';

/** "3 agents: 1 running 2 exited; 30 archived": the same counts the TUI's status line shows (agent-counts.ts). */
function describeCounts(agents: AgentCounts): string {
  const n = agents.total;
  const archived = agents.archived ? `; ${agents.archived} archived` : '';
  return `${n} agent${n === 1 ? '' : 's'}${n ? `: ${describeStatusCounts(agents)}` : ''}${archived}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function register(program: Command, ctx: CommandContext): void {
  const daemon = program.command('daemon').description('start, stop and inspect the paseo daemon');
  exposureOptions(daemon
    .command('start')
    .description('start the daemon in the background (when it already runs: says so, exit 0)'))
    .action(async (o: ExposureFlags) => {
      const g = ctx.globals();
      applyExposureFlags(g.listen, o);
      refuseEmbeddedHolder(g.home, inspectPidFile(homePaths(g.home).pidFile));
      const before = await probeHealth(g.listen, g.home);
      if (before) {
        if (before.home !== g.home) {
          throw new PaseoError('daemon_running', `another paseo daemon (home ${before.home}) is listening on ${g.listen}`);
        }
        const pid = readLivePid(homePaths(g.home).pidFile) ?? before.pid;
        if (g.json) ctx.json({ started: false, running: true, pid, listen: g.listen, home: g.home });
        else ctx.out(`daemon already running (pid ${pid}) on ${g.listen}`);
        return;
      }
      const started = await startDaemonDetached(g.home, g.listen);
      if (g.json) ctx.json({ started: true, pid: started.pid, listen: g.listen, home: g.home });
      else ctx.out(`daemon started (pid ${started.pid}) on ${g.listen}, home ${g.home}`);
    });
  daemon
    .command('stop')
    .description('stop the daemon; every agent still running is stopped with it')
    .action(async () => {
      const g = ctx.globals();
      refuseEmbeddedHolder(g.home, inspectPidFile(homePaths(g.home).pidFile));
      // Only for the count: a daemon of another home on this address does not stop ours being stopped.
      const health = await probeHealth(g.listen, g.home).catch(() => undefined);
      const result = await stopDaemon(g.home);
      // Agents with a process (starting, running, idle, waiting): exited and archived ones had nothing to stop.
      const live = health?.agents.live ?? 0;
      if (g.json) ctx.json({ ...result, ...(result.stopped ? { agentsStopped: live } : {}) });
      else if (result.stopped) ctx.out(`daemon stopped (pid ${result.pid}); ${plural(live, 'agent')} stopped with it`);
      else ctx.out('daemon not running');
    });
  exposureOptions(daemon
    .command('restart')
    .description('stop the daemon and start it again; agents that can resume come back, the others (shell, command) end')
    .option('-y, --yes', 'do not ask before ending agents that cannot resume (asked only on a terminal)'))
    .action(async (o: { yes?: boolean } & ExposureFlags) => {
      const g = ctx.globals();
      applyExposureFlags(g.listen, o);
      refuseEmbeddedHolder(g.home, inspectPidFile(homePaths(g.home).pidFile));
      const ending = await agentsEndingOnRestart(ctx);
      if (ending.length > 0) {
        process.stderr.write(`paseo: ${describeEnding(ending)}\n`);
        if (!o.yes && !(await confirmRestart())) {
          ctx.out('daemon not restarted');
          ctx.setExitCode(ExitCode.ERROR);
          return;
        }
      }
      await stopDaemon(g.home);
      const started = await startDaemonDetached(g.home, g.listen);
      if (g.json) ctx.json({ restarted: true, pid: started.pid, ended: ending.map((a) => a.id) });
      else ctx.out(`daemon restarted (pid ${started.pid}) on ${g.listen}`);
    });
  daemon
    .command('status')
    .description('is the daemon running; its pid, uptime and agents (exit 1 when not running)')
    .action(async () => {
      const g = ctx.globals();
      const pidFile = homePaths(g.home).pidFile;
      const state = inspectPidFile(pidFile);
      if (state.kind === 'live' && state.content.role === 'embedded') {
        if (g.json) ctx.json({ running: false, heldBy: 'embedded', pid: state.pid });
        else ctx.out(`no daemon: ${g.home} is ${embeddedHolderMessage(state.pid)}`);
        ctx.setExitCode(ExitCode.ERROR);
        return;
      }
      const health = await probeHealth(g.listen, g.home);
      if (!health) {
        // Only the process the PID file names by pid and start time counts; a bare old-format pid is not trusted.
        if (g.json) ctx.json({ running: false, ...(state.kind === 'live' || state.kind === 'unverified' ? { pid: state.pid, pidFileState: state.kind } : {}) });
        else if (state.kind === 'live') ctx.out(`daemon (pid ${state.pid}) holds home ${g.home} but does not answer on ${g.listen}`);
        else if (state.kind === 'unverified') ctx.out(`daemon not answering on ${g.listen}; ${unverifiedMessage(pidFile, state)}`);
        else ctx.out(`daemon not running (home ${g.home}, listen ${g.listen})`);
        ctx.setExitCode(ExitCode.ERROR);
        return;
      }
      if (g.json) {
        ctx.json({ running: true, ...health });
        return;
      }
      ctx.out(
        [
          `daemon running: pid ${health.pid}, version ${health.version}, up ${Math.round(health.uptimeMs / 1000)}s`,
          `listen ${health.listen}, home ${health.home}`,
          describeCounts(health.agents),
        ].join('\n'),
      );
    });
  daemon
    .command('run', { hidden: true })
    .description('run the daemon in the foreground (what `daemon start` spawns)')
    .action(() => runDaemonCommand(ctx));
}
