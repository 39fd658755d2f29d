/** One running TUI: wires stdin → controller, state → Ink chrome → compositor → stdout, at most MAX_FPS and only when dirty. */
import type { PaseoApi } from '../core/api.js';
import { Tui } from '../core/constants.js';
import { DisposableBase, toDisposable } from '../core/disposable.js';
import type { Event } from '../core/event.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { buildChromeModel } from './chrome/build-chrome-model.js';
import { ChromeScreen } from './chrome/chrome-screen.js';
import { renderChrome } from './chrome/render-chrome.js';
import { composeFrame } from './compose-frame.js';
import { ScreenWriter } from './compositor/screen-writer.js';
import type { KeyTable } from './input/bindings.js';
import type { InputToken } from './input/input-token.js';
import { InputParser } from './input/parse-input.js';
import { enterSequence, RESTORE_SEQUENCE } from './terminal-modes.js';
import { type ExitReason, TuiController } from './tui-controller.js';

const log = createLogger('tui');

/**
 * How long the start of an escape sequence may wait for its rest before it counts as keys typed on their own.
 * Terminals send a sequence in one write, so its rest only lags over slow links; tmux's escape-time is 500 ms,
 * far too long for an Escape in an agent's TUI. (Local: src/core/constants.ts belongs to another owner right now.)
 */
const ESCAPE_FLUSH_MS = 50;

export interface TuiInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding?(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  removeListener(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface TuiOutput {
  columns?: number;
  rows?: number;
  write(data: string): unknown;
  on(event: 'resize', listener: () => void): unknown;
  removeListener(event: 'resize', listener: () => void): unknown;
}

export interface TuiSessionOptions {
  api: PaseoApi;
  connection?: { onDidDisconnect: Event<void>; onDidReconnect: Event<void> } | undefined;
  stdin: TuiInput;
  stdout: TuiOutput;
  keys: KeyTable;
  mouse: boolean;
  focusAgentId?: string | undefined;
  cwd: string;
  host: string;
  /** Injected so frame tests have a fixed clock. */
  now?: () => Date;
  configProblems?: string[];
}

function clockText(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export class TuiSession extends DisposableBase {
  readonly controller: TuiController;
  private readonly writer: ScreenWriter;
  private readonly chrome: ChromeScreen;
  private readonly parser = new InputParser();
  private chromeDirty = true;
  private frameTimer: NodeJS.Timeout | undefined;
  private rendering = false;
  private lastFrameAt = 0;
  private clock: string;
  private restored = false;
  private started = false;
  private idleWaiters: (() => void)[] = [];
  private escapeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: TuiSessionOptions) {
    super();
    const cols = opts.stdout.columns ?? 80;
    const rows = opts.stdout.rows ?? 24;
    this.controller = this.register(new TuiController(opts.api, opts.keys, cols, rows, opts.cwd));
    this.chrome = this.register(new ChromeScreen(cols, rows));
    this.writer = new ScreenWriter(opts.stdout);
    this.clock = clockText(this.now());
  }

  private now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  /** Takes over the terminal; resolves with why the user left, after the terminal was restored. */
  async run(): Promise<ExitReason> {
    const { stdin, stdout } = this.opts;
    const exit = new Promise<ExitReason>((resolve) => this.register(this.controller.onDidRequestExit(resolve)));
    this.started = true;
    stdout.write(enterSequence(this.opts.mouse));
    if (stdin.isTTY && stdin.setRawMode) stdin.setRawMode(true);
    stdin.setEncoding?.('utf8');
    const onData = (chunk: string | Buffer) => this.onInput(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    stdin.on('data', onData);
    stdin.resume();
    this.register(toDisposable(() => stdin.removeListener('data', onData)));
    const onResize = () => {
      this.writer.invalidate();
      this.controller.resize(stdout.columns ?? 80, stdout.rows ?? 24);
    };
    stdout.on('resize', onResize);
    this.register(toDisposable(() => stdout.removeListener('resize', onResize)));
    this.register(this.controller.onDidChangeState(() => this.requestFrame(true)));
    this.register(this.controller.onDidChangePane(() => this.requestFrame(false)));
    const clockTimer = setInterval(() => {
      const next = clockText(this.now());
      if (next !== this.clock) {
        this.clock = next;
        this.requestFrame(true);
      }
    }, 1_000);
    clockTimer.unref();
    this.register(toDisposable(() => clearInterval(clockTimer)));
    if (this.opts.connection) {
      this.register(this.opts.connection.onDidDisconnect(() => this.controller.setConnection('disconnected')));
      this.register(this.opts.connection.onDidReconnect(() => this.controller.setConnection('connected')));
    }
    for (const problem of this.opts.configProblems ?? []) this.controller.flash(problem);
    this.requestFrame(true);
    void this.loadInitial();
    try {
      return await exit;
    } finally {
      this.restore();
    }
  }

  private async loadInitial(): Promise<void> {
    try {
      await this.controller.loadAgents(this.opts.focusAgentId);
    } catch (err) {
      this.controller.flash(`cannot list agents: ${errorMessage(err)}`);
    }
    try {
      const health = await this.opts.api.health();
      this.controller.setDaemon(this.opts.connection ? `${health.listen} pid ${health.pid}` : 'embedded');
    } catch (err) {
      log.warn('health.failed', { error: errorMessage(err) });
    }
  }

  private onInput(chunk: string): void {
    if (this.escapeTimer) clearTimeout(this.escapeTimer);
    this.escapeTimer = undefined;
    this.deliver(this.parser.feed(chunk));
    // A terminal writes a whole escape sequence at once: a start left waiting is keys typed on their own.
    if (this.parser.waiting) {
      this.escapeTimer = setTimeout(() => {
        this.escapeTimer = undefined;
        if (!this.restored) this.deliver(this.parser.flush());
      }, ESCAPE_FLUSH_MS);
    }
  }

  private deliver(tokens: InputToken[]): void {
    try {
      for (const token of tokens) this.controller.handleInput(token);
    } catch (err) {
      log.error('input.failed', { error: errorMessage(err) });
      this.controller.flash(`error: ${errorMessage(err)}`);
    }
  }

  requestFrame(chromeChanged: boolean): void {
    if (chromeChanged) this.chromeDirty = true;
    if (this.frameTimer || this.restored) return;
    const wait = Math.max(0, this.lastFrameAt + 1000 / Tui.MAX_FPS - Date.now());
    this.frameTimer = setTimeout(() => {
      this.frameTimer = undefined;
      void this.frame();
    }, wait);
  }

  private async frame(): Promise<void> {
    if (this.rendering) {
      // A frame is being drawn: draw again right after it, with whatever changed meanwhile.
      this.requestFrame(false);
      return;
    }
    this.rendering = true;
    try {
      const c = this.controller;
      if (this.chromeDirty) {
        this.chromeDirty = false;
        const model = buildChromeModel(c.state, c.geometry, c.mirrors, { host: this.opts.host, clock: this.clock, keys: this.opts.keys, prefixArmed: c.router.prefixArmed });
        await this.chrome.draw(renderChrome(model), c.state.cols, c.state.rows);
      }
      if (this.restored) return;
      const { grid, cursor } = composeFrame(this.chrome.terminal, c.state, c.geometry, c.mirrors);
      this.writer.present(grid, cursor);
      this.lastFrameAt = Date.now();
    } catch (err) {
      log.error('frame.failed', { error: errorMessage(err) });
    } finally {
      this.rendering = false;
      if (!this.frameTimer && !this.chromeDirty) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /** Resolves once no frame is pending (tests: the screen shows the current state). */
  whenIdle(): Promise<void> {
    if (!this.frameTimer && !this.rendering && !this.chromeDirty) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Gives the terminal back: normal screen, cursor, modes, cooked input. Idempotent and synchronous. */
  restore(): void {
    if (this.restored) return;
    this.restored = true;
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = undefined;
    if (this.escapeTimer) clearTimeout(this.escapeTimer);
    this.escapeTimer = undefined;
    const { stdin, stdout } = this.opts;
    if (this.started) {
      try {
        stdout.write(RESTORE_SEQUENCE);
      } catch {
        // stdout may be gone (SIGHUP): nothing left to restore on.
      }
      try {
        if (stdin.isTTY && stdin.setRawMode) stdin.setRawMode(false);
        stdin.pause();
      } catch {
        // Same: a closed tty cannot be reset.
      }
    }
    this.dispose();
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
