/**
 * The agents under PASEO_HOME: agents/<id>.json, agents/<id>.screen (the live screen), agents/<id>.history (older rows,
 * appended, history-file.ts), and the private dir agents/<id>/ (hook secret, generated files).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, chmodSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { AgentRecord } from '../core/agent.js';
import { AGENT_STATUSES } from '../core/agent.js';
import type { TerminalSnapshot } from '../core/protocol.js';
import { createLogger } from '../core/log.js';
import { isValidAgentId } from '../core/ids.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import type { ScreenSaveState, StoredRow } from '../terminal/types.js';
import { historyHeader, historyLines, parseHistoryFile } from './history-file.js';
import { parseScreenLog, screenLogLine } from './screen-log.js';
import { AppendFiles } from './append-files.js';
import { Snapshot } from '../core/constants.js';

const log = createLogger('store');

export type SavedScreen = Omit<TerminalSnapshot, 'agentId'> & {
  /** Number of the screen's first live row: the history file's rows before it go with it. Absent in older saves. */
  historyEnd?: number;
  /** The first live row continues the history file's last row (a soft wrap across the boundary). */
  liveWrapped?: boolean;
  /** Loaded from the history file (never written into .screen). */
  history?: { first: number; rows: StoredRow[]; liveWrapped?: boolean };
};
export type SavedHistory = ScreenSaveState['history'];

export class AgentStore {
  readonly agentsDir: string;
  /** Per-file write chains: the newest content wins and writes never interleave. */
  private readonly pending = new Map<string, { latest: string; running: Promise<void> | undefined }>();
  /** Agents deleted by remove(): late saves of their record or screen must not bring the files back. */
  private readonly removed = new Set<string>();
  /** Bytes this process appended to each screen log (screen-log.ts) since it last rewrote it; absent: none yet. */
  private readonly screenLogBytes = new Map<string, number>();
  /** Descriptors kept open for the screen logs and history files, appended to about once a second per printing agent. */
  private readonly appends = new AppendFiles(Snapshot.APPEND_FILES_OPEN_MAX);

  private constructor(readonly home: string) {
    this.agentsDir = path.join(home, 'agents');
  }

  /** Creates PASEO_HOME and agents/ (0700) and removes temp files a killed writer left. */
  static open(home: string): AgentStore {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    chmodSync(home, 0o700);
    const store = new AgentStore(home);
    mkdirSync(store.agentsDir, { recursive: true, mode: 0o700 });
    const removed = removeStaleTemps(store.agentsDir);
    if (removed) log.info('store.stale-temps-removed', { count: removed });
    return store;
  }

  recordFile(id: string): string {
    return path.join(this.agentsDir, `${id}.json`);
  }

  screenFile(id: string): string {
    return path.join(this.agentsDir, `${id}.screen`);
  }

  historyFile(id: string): string {
    return path.join(this.agentsDir, `${id}.history`);
  }

  agentDir(id: string): string {
    return path.join(this.agentsDir, id);
  }

  /** Every valid record on disk; a corrupt one is moved aside (`*.corrupt-<ts>`) and skipped. */
  loadAll(): AgentRecord[] {
    const out: AgentRecord[] = [];
    for (const name of readdirSync(this.agentsDir)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const file = path.join(this.agentsDir, name);
      try {
        const record = parseRecord(readFileSync(file, 'utf8'));
        if (record.id !== name.slice(0, -'.json'.length)) throw new Error('id does not match the file name');
        out.push(record);
      } catch (err) {
        const aside = `${file}.corrupt-${Date.now()}`;
        log.warn('store.corrupt-record', { file, aside, error: String(err) });
        try {
          renameSync(file, aside);
        } catch {
          // Leave it; it is skipped either way.
        }
      }
    }
    return out;
  }

  saveRecord(record: AgentRecord): Promise<void> {
    if (this.removed.has(record.id)) return Promise.resolve();
    return this.write(this.recordFile(record.id), JSON.stringify(record, null, 2) + '\n');
  }

  /**
   * The history rows first (appended, or the file rewritten), then the screen (a line appended to its log): a kill -9
   * between the two leaves rows past the old screen's historyEnd, which loading ignores. Rejects when the history could
   * not be written (the saver then rewrites it next time). Neither is fsynced: both are a cache of what the agent
   * showed, kept whole across a kill -9 by appends and renames; a power loss may cost their last seconds.
   */
  async saveScreen(id: string, screen: SavedScreen, history?: SavedHistory): Promise<void> {
    if (this.removed.has(id)) return;
    if (history) {
      const file = this.historyFile(id);
      const lines = historyLines(history.rows);
      if (history.rewrite) await this.replace(file, historyHeader(history.first) + lines);
      else if (lines) await this.appends.append(file, lines);
    }
    if (this.removed.has(id)) return;
    const { history: _loaded, ...saved } = screen;
    const file = this.screenFile(id);
    return this.write(file, screenLogLine(saved), (line) => this.appendScreenLine(file, line));
  }

  /** Appends a screen line; rewrites the log with it alone once the log outgrew its bound. */
  private async appendScreenLine(file: string, line: string): Promise<void> {
    const appended = this.screenLogBytes.get(file);
    // What an earlier daemon appended is under the bound too: the log stays under twice it.
    if (appended === undefined || appended + line.length > Snapshot.SCREEN_LOG_MAX_BYTES) {
      this.screenLogBytes.delete(file);
      await this.replace(file, line);
      this.screenLogBytes.set(file, line.length);
      return;
    }
    this.screenLogBytes.set(file, appended + line.length);
    await this.appends.append(file, line);
  }

  /** Replaces an appended file (not fsynced: saveScreen says why); its kept descriptor would write to the old one. */
  private async replace(file: string, content: string): Promise<void> {
    await this.appends.close(file);
    await writeFileAtomic(file, content, 0o600, { durable: false });
  }

  /**
   * The saved history rows that go with a saved screen (at most maxRows, the newest). An unreadable file is moved aside
   * and replaced, in what is shown, by one row saying so.
   */
  loadHistory(id: string, historyEnd: number | undefined, maxRows: number): { first: number; rows: StoredRow[] } | undefined {
    const file = this.historyFile(id);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      log.warn('store.history-unreadable', { agentId: id, file, error: String(err) });
      return { first: historyEnd ?? 0, rows: [noticeRow(`could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`)] };
    }
    try {
      return parseHistoryFile(text, historyEnd, maxRows);
    } catch (err) {
      const aside = `${file}.corrupt-${Date.now()}`;
      log.warn('store.corrupt-history', { agentId: id, file, aside, error: String(err) });
      try {
        renameSync(file, aside);
      } catch {
        return { first: historyEnd ?? 0, rows: [noticeRow('could not be read')] };
      }
      return { first: historyEnd ?? 0, rows: [noticeRow(`could not be read; kept as ${path.basename(aside)}`)] };
    }
  }

  /**
   * The saved screen; undefined when none was saved. An unreadable one is moved aside (`*.corrupt-<ts>`, as records
   * are), logged, and replaced by a screen that says so: the history's absence is never silent.
   */
  loadScreen(id: string, maxHistoryRows?: number): SavedScreen | undefined {
    const screen = this.readScreen(id);
    if (maxHistoryRows === undefined) return screen;
    // The rows older than the screen: from the history file, up to the screen's first live row.
    const history = this.loadHistory(id, screen?.historyEnd, maxHistoryRows);
    if (!history) return screen;
    return { ...(screen ?? { cols: 80, rows: 24, seq: 0, data: '' }), history: { ...history, liveWrapped: screen?.liveWrapped } };
  }

  private readScreen(id: string): SavedScreen | undefined {
    const file = this.screenFile(id);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      log.warn('store.screen-unreadable', { agentId: id, file, error: String(err) });
      return unreadableScreen(`could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    try {
      return parseScreenLog(text);
    } catch (err) {
      const aside = `${file}.corrupt-${Date.now()}`;
      log.warn('store.corrupt-screen', { agentId: id, file, aside, error: String(err) });
      try {
        renameSync(file, aside);
      } catch {
        return unreadableScreen('could not be read');
      }
      const replacement = unreadableScreen(`could not be read; kept as ${path.basename(aside)}`);
      // Saved in its place, so the notice outlives this daemon too (a dead agent's screen is never saved again).
      void this.saveScreen(id, replacement);
      return replacement;
    }
  }

  async ensureAgentDir(id: string): Promise<string> {
    const dir = this.agentDir(id);
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    await fsp.chmod(dir, 0o700);
    return dir;
  }

  async writeHookSecret(id: string, secret: string): Promise<void> {
    await this.ensureAgentDir(id);
    await writeFileAtomic(path.join(this.agentDir(id), 'hook-secret'), secret, 0o600);
  }

  readHookSecret(id: string): string | undefined {
    try {
      return readFileSync(path.join(this.agentDir(id), 'hook-secret'), 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * The environment the agent was created with (CreateAgentOptions.env), so a daemon restart can relaunch it
   * the same way (a resumed CLI needs e.g. its config dir to find its session). It may hold secrets: its own
   * 0600 file in the private dir, never in the record JSON and never logged.
   */
  async writeLaunchEnv(id: string, env: Record<string, string>): Promise<void> {
    await this.ensureAgentDir(id);
    await writeFileAtomic(this.launchEnvFile(id), JSON.stringify(env), 0o600);
  }

  /** The saved creation env; undefined when none was saved or the file is unreadable (the agent then gets the daemon's env only). */
  readLaunchEnv(id: string): Record<string, string> | undefined {
    let text: string;
    try {
      text = readFileSync(this.launchEnvFile(id), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const value = JSON.parse(text) as unknown;
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) if (typeof v === 'string') env[k] = v;
      return env;
    } catch (err) {
      // The values are never logged; only that the file could not be used.
      log.warn('store.launch-env-unreadable', { agentId: id, error: err instanceof Error ? err.message : 'bad file' });
      return undefined;
    }
  }

  private launchEnvFile(id: string): string {
    return path.join(this.agentDir(id), 'launch-env.json');
  }

  /** Deletes the agent's record, saved screen and private dir, after any write already under way. */
  async remove(id: string): Promise<void> {
    this.removed.add(id);
    this.screenLogBytes.delete(this.screenFile(id));
    await Promise.all([this.recordFile(id), this.screenFile(id)].map((f) => this.pending.get(f)?.running));
    await Promise.all([this.screenFile(id), this.historyFile(id)].map((f) => this.appends.close(f)));
    await Promise.all([
      fsp.rm(this.recordFile(id), { force: true }),
      fsp.rm(this.screenFile(id), { force: true }),
      fsp.rm(this.historyFile(id), { force: true }),
      fsp.rm(this.agentDir(id), { recursive: true, force: true }),
    ]);
  }

  /** Closes the descriptors kept for appends (the daemon is done with the store). */
  dispose(): void {
    this.appends.dispose();
  }

  /** Resolves once every queued write has reached the disk. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all([...this.pending.values()].map((p) => p.running));
    }
  }

  /** Latest-wins writes of `file`: `put` (default: an atomic replace) runs for the newest content once any in flight is done. */
  private write(file: string, content: string, put: (content: string) => Promise<void> = (c) => writeFileAtomic(file, c, 0o600)): Promise<void> {
    const slot = this.pending.get(file);
    if (slot) {
      slot.latest = content;
      return slot.running ?? Promise.resolve();
    }
    const entry: { latest: string; running: Promise<void> | undefined } = { latest: content, running: undefined };
    this.pending.set(file, entry);
    entry.running = (async () => {
      let written: string | undefined;
      try {
        while (written !== entry.latest) {
          written = entry.latest;
          await put(written);
        }
      } catch (err) {
        log.error('store.write-failed', { file, error: String(err) });
      } finally {
        this.pending.delete(file);
      }
    })();
    return entry.running;
  }
}

/** The row a restored agent shows in place of a history file that could not be read. */
function noticeRow(why: string): StoredRow {
  return { ansi: `\x1b[0;33m[paseo] saved history ${why}\x1b[0m`, wrapped: false, full: false };
}

/** What a restored agent shows instead of a history that could not be read: one yellow line. */
function unreadableScreen(why: string): SavedScreen {
  return { cols: 80, rows: 24, seq: 0, data: `\x1b[33m[paseo] saved history ${why}\x1b[0m\r\n` };
}

function parseRecord(text: string): AgentRecord {
  const value = JSON.parse(text) as Partial<AgentRecord>;
  if (!value || typeof value !== 'object') throw new Error('not an object');
  if (typeof value.id !== 'string' || !isValidAgentId(value.id)) throw new Error('bad id');
  if (typeof value.provider !== 'string' || typeof value.cwd !== 'string') throw new Error('missing provider or cwd');
  if (!AGENT_STATUSES.includes(value.status as never)) throw new Error('bad status');
  if (typeof value.createdAt !== 'string') throw new Error('missing createdAt');
  return {
    ...value,
    title: value.title ?? value.id,
    mode: value.mode ?? 'default',
    cols: value.cols ?? 80,
    rows: value.rows ?? 24,
    updatedAt: value.updatedAt ?? value.createdAt,
  } as AgentRecord;
}
