/** Schedules ("heartbeats"): a prompt sent on a cron or fixed interval to an agent, or to a new agent each time. */
import type { AgentMode } from './agent.js';

export interface ScheduleCreateOptions {
  prompt: string;
  name?: string;
  /** A 5-field cron expression, read in `tz` (default the daemon's timezone). Exactly one of cron / everyMs. */
  cron?: string;
  /** An IANA timezone for `cron` (e.g. Europe/Paris). */
  tz?: string;
  /** A fixed interval in ms, counted from the schedule's creation. */
  everyMs?: number;
  /** 'new-agent' (default): a fresh agent each run; otherwise an existing agent's id (MCP/CLI resolve "self" before). */
  target?: string;
  provider?: string;
  cwd?: string;
  mode?: AgentMode;
  /** Stop after this many runs. */
  maxRuns?: number;
  /** Stop after this long (ms from creation). */
  expiresInMs?: number;
  /** A new agent of this schedule that asks permission waits for a person instead of failing at once. */
  allowAsk?: boolean;
  /** The agent that created it through MCP (recorded, and the parent of its new agents). */
  createdBy?: string;
}

export type ScheduleState = 'active' | 'paused' | 'completed' | 'expired';

/** One entry of a schedule's history. */
export interface ScheduleRun {
  /** run: a prompt sent; missed: runs that fell while the daemon was down (never replayed); skipped: the previous run was still going. */
  kind: 'run' | 'missed' | 'skipped';
  at: string;
  /** For a run: queued behind the target's turn, running, done, failed. */
  outcome?: 'queued' | 'running' | 'done' | 'failed';
  agentId?: string;
  /** Why it failed, or what was missed ("missed 3 runs between … and …"). */
  message?: string;
  /** For missed: how many. */
  count?: number;
  endedAt?: string;
  /** Started by `run-now` rather than the clock. */
  manual?: boolean;
}

export interface ScheduleInfo {
  id: string;
  name: string;
  prompt: string;
  cron?: string;
  tz?: string;
  everyMs?: number;
  target: string;
  provider?: string;
  cwd?: string;
  mode?: AgentMode;
  maxRuns?: number;
  expiresAt?: string;
  allowAsk?: boolean;
  createdBy?: string;
  state: ScheduleState;
  createdAt: string;
  /** When the clock fires next (absent when not active). */
  nextRunAt?: string;
  lastRunAt?: string;
  /** Runs started so far (missed ones are not runs). */
  runCount: number;
  /** A run is going now (runs of one schedule never overlap). */
  running: boolean;
}

export interface ScheduleDetail extends ScheduleInfo {
  /** Oldest first, bounded (the newest kept). */
  history: ScheduleRun[];
}

export type ScheduleAction = 'pause' | 'resume' | 'run-now';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30s", "5m", "2h", "1d" → ms; undefined when it is not such a duration. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
}
