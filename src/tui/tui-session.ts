/**
 * One running TUI: wires stdin → controller, state → chrome → compositor → stdout, at most MAX_FPS and only when dirty.
 *
 * Startup: the first frames use the plain chrome (cells drawn directly, no Ink); Ink is loaded once the initial agent
 * list and the visible panes' screens are on screen (or after Tui.INK_LOAD_DELAY_MS), then replaces it.
 * Ink renders in a worker thread (chrome-renderer.ts) and frames never wait for it, so a keystroke's echo never waits
 * for React: a chrome change that keeps the layout (a status badge, the clock, focus) shows when its render arrives,
 * the previous chrome until then; a new layout (resize, zoom, new pane, dialog) is drawn by the plain chrome until
 * Ink's arrives.
 * Frames: after an idle period a change is drawn in the same turn of the event loop, after the input already waiting (a
 * keystroke's echo does not wait for a timer, nor a key for a frame); while changes keep coming, frames follow a fixed cadence of 1/MAX_FPS, so a late timer does not slow it down.
 * Only a frame that wrote takes a slot. What answers the user's input is not held for a whole slot behind another frame
 * (ECHO_FRAME_GAP_MS instead): the chrome a key changed, and the first change of the focused pane within ECHO_WINDOW_MS
 * after a key (its echo). Everything else keeps the cadence while the user types: with many panes streaming, every
 * frame in the window had the short gap and the TUI drew up to 250 frames/s of other panes' output.
 */
import type { PaseoApi } from '../core/api.js';
import { Tui } from '../core/constants.js';
import { DisposableBase, toDisposable } from '../core/disposable.js';
import type { Event } from '../core/event.js';
import { errorMessage } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import { buildChromeModel } from './chrome/build-chrome-model.js';
import type { ChromeRenderer } from './chrome/chrome-renderer.js';
import { chromeGrid } from './chrome/chrome-cells.js';
import { daemonStatus } from './chrome/daemon-status.js';
import { renderPlainChrome } from './chrome/plain-chrome.js';
import type { ChromeModel } from '../../components/view-model.js';
import { composeFrame } from './compose-frame.js';
import type { CellGrid } from './compositor/cell-grid.js';
import { ScreenWriter } from './compositor/screen-writer.js';
import type { KeyTable } from './input/bindings.js';
import type { InputToken } from './input/input-token.js';
import { InputParser } from './input/parse-input.js';
import { enterSequence, reassertModes, RESTORE_SEQUENCE } from './terminal-modes.js';
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
  /**
   * 'inline' renders Ink on the main thread; default: a worker thread when running from the built files. Tests may pass
   * a factory of their own renderer.
   */
  chromeRenderer?: 'auto' | 'inline' | (() => Promise<ChromeRenderer>);
  configProblems?: string[];
  /** The layout and sidebar the TUI opens with (config "tui"). */
  view?: { layout?: import('./layout/pane-layouts.js').PaneLayoutName | undefined; sidebar?: boolean | undefined; maxPanes?: number | undefined };
}

/** JSON.stringify replacer: of an agent record, the chrome shows only these fields (components/*.tsx). */
const SHOWN_AGENT_KEYS = new Set(['id', 'title', 'provider', 'cwd', 'status', 'attention']);
function shownAgentFields(this: unknown, key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'createdAt' in value && 'status' in value && 'provider' in value) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => SHOWN_AGENT_KEYS.has(k)));
  }
  return value;
}

/** What of a chrome model moves panes or covers them: a change here is drawn only together with its new chrome. */
function layoutKey(m: ChromeModel): string {
  return JSON.stringify([m.cols, m.rows, m.tooSmall, m.sidebar, m.main, m.tiles, m.dialog]);
}

function clockText(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export class TuiSession extends DisposableBase {
  readonly controller: TuiController;
  private readonly writer: ScreenWriter;
  /** Ink's chrome renderer, once loaded. */
  private ink: { renderer: ChromeRenderer } | undefined;
  /** The last chrome Ink drew, as cells (read out of Ink's output where Ink runs). */
  private inkChrome: CellGrid | undefined;
  /** Layout of the chrome on the Ink screen; undefined until the first Ink chrome is drawn. */
  private inkLayout: string | undefined;
  /** Layout of the latest chrome model. */
  private layout = '';
  /** Ink renders requested and not yet drawn. */
  private inkInFlight = 0;
  private inkRequested = 0;
  private inkDrawn = 0;
  /** The plain chrome's cells, while Ink is not loaded. */
  private plainChrome: CellGrid | undefined;
  private inkState: 'waiting' | 'loading' | 'settled' = 'waiting';
  private inkTimer: NodeJS.Timeout | undefined;
  private agentsListed = false;
  private readonly parser = new InputParser();
  private chromeDirty = true;
  /** The chrome model last drawn, serialized. */
  private chromeKey = '';
  /** Cancels the scheduled frame; set while one is scheduled. */
  private cancelFrame: (() => void) | undefined;
  private rendering = false;
  /** performance.now() at which the last drawn frame was due; the next is due one interval later. */
  private lastSlot = -Infinity;
  private nextSlot = 0;
  /** performance.now() at which the scheduled frame runs (valid while cancelFrame is set). */
  private pendingAt = 0;
  /** performance.now() of the last keyboard input: its echo is drawn without waiting out a frame slot. */
  private lastKeyAt = -Infinity;
  /** Input arrived and the focused pane has not changed since: its next change (within ECHO_WINDOW_MS) is the echo. */
  private echoDue = false;
  /** Input is being handled: the state changes it makes are its visible answer. */
  private delivering = false;
  private clock: string;
  private restored = false;
  private started = false;
  private idleWaiters: (() => void)[] = [];
  private escapeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: TuiSessionOptions) {
    super();
    const cols = opts.stdout.columns ?? 80;
    const rows = opts.stdout.rows ?? 24;
    this.controller = this.register(new TuiController(opts.api, opts.keys, cols, rows, opts.cwd, opts.view));
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
    this.register(this.controller.onDidChangeState(() => this.requestFrame(true, this.delivering)));
    this.register(this.controller.onDidChangePane((agentId) => this.requestFrame(false, this.isEcho(agentId))));
    this.register(this.controller.onDidRequestRedraw(() => this.redraw()));
    // An approval request arrived (the bell) or an agent needs the user (OSC 9/777 and the bell): through the one
    // writer of the terminal; neither moves anything on screen, so neither needs a frame.
    this.register(this.controller.onDidRequestBell((notice) => this.writer.notify(notice)));
    const clockTimer = setInterval(() => {
      const next = clockText(this.now());
      // The open approval queue shows ages and time left: it is redrawn each second, the rest when the minute turns.
      if (next !== this.clock || this.controller.state.dialog.kind === 'approvals') {
        this.clock = next;
        this.requestFrame(true);
      }
    }, 1_000);
    clockTimer.unref();
    this.register(toDisposable(() => clearInterval(clockTimer)));
    if (this.opts.connection) {
      this.register(this.opts.connection.onDidDisconnect(() => this.controller.setConnection('disconnected')));
      this.register(
        this.opts.connection.onDidReconnect(() => {
          this.controller.setConnection('connected');
          // A reconnect may reach a restarted daemon (`paseo daemon restart`): its pid, not the old one.
          void this.refreshDaemon();
        }),
      );
    }
    for (const problem of this.opts.configProblems ?? []) this.controller.flash(problem);
    this.requestFrame(true);
    // Whatever the daemon does, the full chrome comes within this delay.
    this.inkTimer = setTimeout(() => void this.loadInk(), Tui.INK_LOAD_DELAY_MS);
    this.inkTimer.unref?.();
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
    this.agentsListed = true;
    this.maybeLoadInk();
    await this.refreshDaemon();
  }

  /** The status line's daemon address and pid, read again from the daemon's health. */
  private async refreshDaemon(): Promise<void> {
    try {
      const health = await this.opts.api.health();
      this.controller.setDaemon(this.opts.connection ? daemonStatus(health) : 'embedded');
    } catch (err) {
      log.warn('health.failed', { error: errorMessage(err) });
    }
  }

  private onInput(chunk: string): void {
    this.lastKeyAt = performance.now();
    this.echoDue = true;
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
    this.delivering = true;
    try {
      for (const token of tokens) this.controller.handleInput(token);
    } catch (err) {
      log.error('input.failed', { error: errorMessage(err) });
      this.controller.flash(`error: ${errorMessage(err)}`);
    } finally {
      this.delivering = false;
    }
  }

  /** Whether this change of a pane is the echo of the last input: the focused pane's first change soon after it. */
  private isEcho(agentId: string): boolean {
    if (!this.echoDue || agentId !== this.controller.state.focusId) return false;
    this.echoDue = false;
    return performance.now() - this.lastKeyAt < Tui.ECHO_WINDOW_MS;
  }

  /** `answersInput`: the change is what the user's input showed (an echo, a prompt's text): drawn without the slot's wait. */
  requestFrame(chromeChanged: boolean, answersInput = false): void {
    if (chromeChanged) this.chromeDirty = true;
    if (this.restored) return;
    const now = performance.now();
    const interval = answersInput ? Tui.ECHO_FRAME_GAP_MS : 1000 / Tui.MAX_FPS;
    const due = this.lastSlot + interval;
    if (this.cancelFrame) {
      // A frame is coming already; only a keystroke's shorter gap pulls a later one forward.
      if (this.pendingAt <= Math.max(due, now)) return;
      this.cancelFrame();
    }
    const run = () => {
      this.cancelFrame = undefined;
      this.frame();
    };
    if (due <= now) {
      // Idle for at least a frame: draw in this turn of the event loop, not a timer tick later, but after the I/O
      // callbacks already due (setImmediate: after every delta of this socket read, and after keys waiting on stdin,
      // which are sent on before the frame's work; as a microtask the frame ran between the socket read and the key).
      // Just past due (a late timer, a busy loop) keeps the cadence; long idle starts anew.
      this.nextSlot = now - due < interval ? due : now;
      this.pendingAt = now;
      const handle = setImmediate(run);
      this.cancelFrame = () => clearImmediate(handle);
    } else {
      this.nextSlot = due;
      this.pendingAt = due;
      const handle = setTimeout(run, due - now);
      this.cancelFrame = () => clearTimeout(handle);
    }
  }

  /** prefix r: forget what is on screen, put the modes back and draw every cell again (like tmux refresh-client). */
  private redraw(): void {
    this.writer.invalidate();
    this.opts.stdout.write(reassertModes(this.opts.mouse));
    this.requestFrame(true);
  }

  /** Starts loading Ink once the first useful frames are out: agents listed and every visible pane's screen shown. */
  private maybeLoadInk(): void {
    if (this.inkState !== 'waiting' || !this.agentsListed || this.writer.framesWritten === 0) return;
    const c = this.controller;
    if (c.geometry.visibleIds.every((id) => c.mirrors.get(id)?.live !== false)) void this.loadInk();
  }

  private async loadInk(): Promise<void> {
    if (this.inkState !== 'waiting' || this.restored) return;
    this.inkState = 'loading';
    if (this.inkTimer) clearTimeout(this.inkTimer);
    this.inkTimer = undefined;
    try {
      const { loadChromeRenderer } = await import('./chrome/chrome-renderer.js');
      const choice = this.opts.chromeRenderer ?? 'auto';
      const renderer = typeof choice === 'function' ? await choice() : await loadChromeRenderer({ mode: choice });
      if (this.restored) {
        renderer.dispose();
        return;
      }
      this.register(renderer);
      this.ink = { renderer };
    } catch (err) {
      // The plain chrome stays: a usable TUI without Ink's dialogs beats none.
      log.error('chrome.load.failed', { error: errorMessage(err) });
    } finally {
      this.inkState = 'settled';
      this.requestFrame(true);
    }
  }

  /**
   * Synchronous on purpose: nothing here awaits (Ink renders elsewhere), so a frame can never be "in progress" when the
   * next one runs. An async frame that awaited made re-requested frames spin as microtasks and starve the event loop.
   */
  private frame(): void {
    if (this.restored) return;
    if (this.rendering) {
      // Re-entered from inside a frame (a callback it triggered): draw again on a timer turn, never as a microtask.
      setTimeout(() => this.frame(), 0);
      return;
    }
    this.rendering = true;
    try {
      const c = this.controller;
      // Only a frame that writes takes its slot: one that changed nothing on screen (a chrome change Ink has yet to
      // render) must not make the next change, a keystroke's echo, wait a whole frame interval.
      const previousSlot = this.lastSlot;
      this.lastSlot = this.nextSlot;
      if (this.chromeDirty) {
        this.chromeDirty = false;
        const model = buildChromeModel(c.state, c.geometry, c.mirrors, { host: this.opts.host, clock: this.clock, keys: this.opts.keys, prefixArmed: c.router.prefixArmed, nowMs: this.now().getTime() });
        // Agent events that change nothing shown (a timestamp, the same status again) must not cost an Ink render.
        const key = `${this.ink ? 'ink' : 'plain'}${JSON.stringify(model, shownAgentFields)}`;
        if (key !== this.chromeKey) {
          this.chromeKey = key;
          if (this.ink) {
            const layout = layoutKey(model);
            this.layout = layout;
            void this.renderInk(model, layout);
            // Until Ink's chrome for a new layout arrives, the plain chrome draws it: panes move at once, never late.
            if (layout !== this.inkLayout) this.plainChrome = renderPlainChrome(model);
          } else this.plainChrome = renderPlainChrome(model);
        }
      }
      if (this.restored) return;
      const chrome = this.plainChrome ?? this.inkChrome;
      if (!chrome) {
        this.lastSlot = previousSlot;
        return;
      }
      const { grid, cursor } = composeFrame(chrome, c.state, c.geometry, c.mirrors, this.writer.recycle(), c.scrollMode.paneView);
      // The diff view (prefix D) covers the whole screen; the cursor stays hidden under it.
      if (c.diffView.draw(grid)) cursor.visible = false;
      if (!this.writer.present(grid, cursor)) this.lastSlot = previousSlot;
      this.maybeLoadInk();
    } catch (err) {
      log.error('frame.failed', { error: errorMessage(err) });
    } finally {
      this.rendering = false;
      if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /**
   * Asks Ink for the chrome of `model` and makes it the frame base when it arrives (renders come back in order;
   * one overtaken by a later one is skipped). Resolves once drawn; a failed render leaves the previous chrome.
   */
  private async renderInk(model: ChromeModel, layout: string): Promise<void> {
    const ink = this.ink!;
    const n = ++this.inkRequested;
    this.inkInFlight++;
    try {
      const cells = await ink.renderer.render(model);
      if (this.restored || n < this.inkDrawn || this.ink !== ink) return;
      this.inkDrawn = n;
      this.inkChrome = chromeGrid(cells);
      this.inkLayout = layout;
      if (layout === this.layout) this.plainChrome = undefined;
    } catch (err) {
      log.error('chrome.render.failed', { error: errorMessage(err) });
      // Nothing changed on screen; a later model renders afresh.
      this.chromeKey = '';
    } finally {
      this.inkInFlight--;
      // A chrome a key changed (a prompt's text, a dialog) comes back from Ink: it answers that key.
      if (!this.restored) this.requestFrame(false, performance.now() - this.lastKeyAt < Tui.ECHO_WINDOW_MS);
    }
  }

  private isIdle(): boolean {
    return !this.cancelFrame && !this.rendering && !this.chromeDirty && this.inkState === 'settled' && this.inkInFlight === 0;
  }

  /** Resolves once no frame is pending and the full chrome is in place (tests: the screen shows the current state). */
  whenIdle(): Promise<void> {
    if (this.isIdle() || this.restored) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Gives the terminal back: normal screen, cursor, modes, cooked input. Idempotent and synchronous. */
  restore(): void {
    if (this.restored) return;
    this.restored = true;
    this.cancelFrame?.();
    this.cancelFrame = undefined;
    if (this.inkTimer) clearTimeout(this.inkTimer);
    this.inkTimer = undefined;
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
