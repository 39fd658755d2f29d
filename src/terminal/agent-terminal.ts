/**
 * A live agent terminal: PTY output → coalescer (while the parser is busy) → flow gate → headless screen → onDidOutput.
 * Keystrokes go through the headless terminal's input path (term.input) so the echo parses
 * synchronously, and the headless terminal's onData is the only thing that writes replies
 * (DA, CPR) and keystrokes to the PTY.
 */
import { Pty } from '../core/constants.js';
import { DisposableBase, toDisposable } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import { createLogger } from '../core/log.js';
import type { ShellMark } from './shell-marks.js';
import type { TerminalView } from '../core/adapter.js';
import type { HistoryPage, HistoryReadOptions, TerminalSnapshot } from '../core/protocol.js';
import type { AgentTerminal, ExitInfo, HistoryFileCursor, ScreenSaveState } from './types.js';
import type { HeadlessScreen } from './headless-screen.js';
import { writeToPty, type IPty } from './pty-host.js';
import { OutputCoalescer } from './output-coalescer.js';
import { FlowGate, type FlowGateOptions } from './flow-gate.js';
import { isAlive, readProcStat, sessionMembers, signalSession } from './process-group.js';

const log = createLogger('terminal');

/** How often kill() looks for session members left after the root exited (they have no exit event). */
const LEFTOVER_POLL_MS = 25;

export class PtyAgentTerminal extends DisposableBase implements AgentTerminal {
  private exitInfo: ExitInfo | undefined;
  private readonly exitPromise: Promise<ExitInfo>;
  private readonly coalescer: OutputCoalescer;
  private readonly gate: FlowGate;
  private readonly _onDidExit = this.register(new Emitter<ExitInfo>());
  readonly onDidExit: Event<ExitInfo> = this._onDidExit.event;

  constructor(
    private readonly pty: IPty,
    private readonly screen: HeadlessScreen,
    flow: FlowGateOptions = {},
  ) {
    super();
    this.register(screen);
    let resolveExit!: (info: ExitInfo) => void;
    this.exitPromise = new Promise((resolve) => (resolveExit = resolve));
    this.gate = new FlowGate(
      { pause: () => this.guard('pause', () => pty.pause()), resume: () => this.guard('resume', () => pty.resume()) },
      { write: (data, done) => screen.write(data, done) },
      { ...flow, onIdle: () => this.coalescer.consumerIdle() },
    );
    this.coalescer = this.register(new OutputCoalescer({ onFlush: (data) => this.gate.write(data), busy: () => this.gate.pendingChars > 0 }));
    this.register(pty.onData((data) => this.guard('output', () => this.coalescer.push(data))));
    this.register(screen.onDidReply((data) => this.writeRaw(data)));
    this.register(
      pty.onExit(({ exitCode, signal }) => {
        this.guard('flush', () => this.coalescer.flush());
        const info: ExitInfo = signal ? { exitCode, signal } : { exitCode };
        this.exitInfo = info;
        log.info('pty.exit', { pid: pty.pid, exitCode, signal });
        // Announced once the screen has parsed the output still queued: whoever acts on the exit (`wait`, then
        // `logs`) must see the last lines a flood printed just before it.
        void screen.drained().then(() => {
          resolveExit(info);
          this._onDidExit.fire(info);
        });
      }),
    );
    this.register(
      toDisposable(() => {
        // Exited: only what is left of its session (never `-pid`, which may belong to someone else by now).
        if (!this.exitInfo) signalSession(pty.pid, 'SIGKILL');
        else for (const pid of sessionMembers(pty.pid)) this.guard('kill-leftover', () => process.kill(pid, 'SIGKILL'));
      }),
    );
  }

  get pid(): number {
    return this.pty.pid;
  }
  get exited(): boolean {
    return this.exitInfo !== undefined;
  }
  get cols(): number {
    return this.screen.cols;
  }
  get rows(): number {
    return this.screen.rows;
  }
  get seq(): number {
    return this.screen.seq;
  }
  get lastOutputAt(): number {
    return this.screen.lastOutputAt;
  }
  get title(): string {
    return this.screen.title;
  }
  get onDidOutput(): Event<{ seq: number; data: string }> {
    return this.screen.onDidOutput;
  }
  get onDidResize(): Event<{ seq: number; cols: number; rows: number }> {
    return this.screen.onDidResize;
  }
  get onDidChangeTitle(): Event<string> {
    return this.screen.onDidChangeTitle;
  }
  get onDidShellMark(): Event<ShellMark> {
    return this.screen.onDidShellMark;
  }
  /** The headless screen behind this terminal (frame rendering, tests). */
  get headless(): HeadlessScreen {
    return this.screen;
  }
  /** Whether the PTY is paused because the parser is behind (flow control). */
  get paused(): boolean {
    return this.gate.isPaused;
  }
  /** How many times flow control has paused the PTY. */
  get pauseCount(): number {
    return this.gate.pauseCount;
  }

  view(): TerminalView {
    return this.screen.view();
  }
  snapshot(opts?: { scrollbackLines?: number }): Promise<Omit<TerminalSnapshot, 'agentId'>> {
    return this.screen.snapshot(opts);
  }
  text(opts?: { tail?: number; ansi?: boolean }): Promise<string> {
    return this.screen.text(opts);
  }
  readHistory(opts: HistoryReadOptions): Promise<HistoryPage> {
    return this.screen.readHistory(opts);
  }
  saveState(since?: HistoryFileCursor): Promise<ScreenSaveState> {
    return this.screen.saveState(since);
  }

  input(data: string): void {
    if (this.exitInfo || this.store.isDisposed) return;
    this.screen.input(data);
  }

  writeRaw(data: string): void {
    if (this.exitInfo || this.store.isDisposed) return;
    this.guard('write', () => writeToPty(this.pty, data));
  }

  /** Headless first (it takes a seq slot), then pending output, then the PTY (VS Code's order). */
  resize(cols: number, rows: number): void {
    if (this.store.isDisposed || cols < 1 || rows < 1) return;
    if (cols === this.screen.cols && rows === this.screen.rows) return;
    this.screen.resize(cols, rows);
    this.coalescer.flush();
    if (!this.exitInfo) this.guard('resize', () => this.pty.resize(cols, rows));
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs: number = Pty.KILL_GRACE_MS): Promise<ExitInfo> {
    const pid = this.pty.pid;
    if (this.exitInfo) {
      // Gone already: only stragglers of its session, never `-pid` (the number may be reused by now).
      for (const member of sessionMembers(pid)) this.guard('kill-leftover', () => process.kill(member, 'SIGKILL'));
      return this.exitInfo;
    }
    signalSession(pid, signal);
    const deadline = Date.now() + graceMs;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace'>((resolve) => (timer = setTimeout(() => resolve('grace'), graceMs)));
    try {
      await Promise.race([this.exitPromise, graceOver]);
      // The root may be gone while others of its session (background jobs) still wind down.
      while (Date.now() < deadline && sessionMembers(pid).length > 0) {
        await new Promise((resolve) => setTimeout(resolve, LEFTOVER_POLL_MS));
      }
    } finally {
      clearTimeout(timer);
    }
    if (isAlive(pid) || sessionMembers(pid).length > 0) {
      log.info('pty.kill-escalate', { pid, signal, graceMs });
      signalSession(pid, 'SIGKILL');
    }
    return this.exitPromise;
  }

  foregroundBusy(): boolean {
    if (this.exitInfo) return false;
    const stat = readProcStat(this.pty.pid);
    return stat !== undefined && stat.tpgid > 0 && stat.tpgid !== this.pty.pid;
  }

  /** node-pty calls throw once the PTY is closed, and nothing may throw out of a PTY callback. */
  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      log.debug('pty.call-failed', { pid: this.pty.pid, what, error: String(err) });
    }
  }
}
