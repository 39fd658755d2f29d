/** Human output formatting for the CLI: agent tables, times, text without control sequences. */
import type { AgentRecord } from '../core/agent.js';
import { signalName } from '../core/signals.js';

// Agent output is hostile text: the one sanitizer (core/sanitize.ts) strips it for the terminal.
export { stripControls } from '../core/sanitize.js';

export function relativeTime(iso: string | undefined, nowMs = Date.now()): string {
  if (!iso) return '-';
  const s = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

function shortenHome(p: string): string {
  const home = process.env.HOME;
  return home && p.startsWith(home) ? `~${p.slice(home.length)}` : p;
}

/** How an exited agent ended: "SIGKILL" when a signal killed it, else its exit code; undefined when unknown. */
export function exitLabel(a: AgentRecord): string | undefined {
  if (a.exitSignal) return signalName(a.exitSignal);
  return a.exitCode === undefined ? undefined : String(a.exitCode);
}

/** "exited (SIGKILL)", "idle (last exit 1) !error", "starting (resuming)", … */
export function statusLabel(a: AgentRecord): string {
  let s: string = a.status;
  const ended = a.status === 'exited' ? exitLabel(a) : undefined;
  if (ended !== undefined) s += ` (${ended})`;
  else if (a.status === 'idle' && a.lastExitCode !== undefined) s += ` (last exit ${a.lastExitCode})`;
  // A daemon restart brought the agent's session back: "resuming session …" / "resumed session …".
  else if (a.status !== 'exited' && a.statusDetail && /^resum(ed|ing)\b/i.test(a.statusDetail)) s += a.status === 'starting' ? ' (resuming)' : ' (resumed)';
  if (a.attention) s += ` !${a.attention}`;
  if (a.archivedAt) s += ' [archived]';
  return s;
}

export function providerLabel(a: AgentRecord): string {
  return a.model ? `${a.provider}/${a.model}` : a.provider;
}

/** A fixed-width table, columns padded to their widest cell. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function agentTable(agents: AgentRecord[]): string {
  if (agents.length === 0) return 'no agents';
  return table(
    ['ID', 'TITLE', 'PROVIDER', 'MODE', 'STATUS', 'CWD', 'UPDATED'],
    agents.map((a) => [a.id, a.title, providerLabel(a), a.mode, statusLabel(a), shortenHome(a.cwd), relativeTime(a.updatedAt)]),
  );
}

/** The last screen of an agent, trailing blank lines dropped. */
export function trimScreen(text: string): string {
  return text.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
}
