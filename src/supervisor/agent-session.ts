/** One agent in the supervisor: its record, its screen (live terminal or restored history), status detection, prompt queue. */
import { setTimeout as delay } from 'node:timers/promises';
import type { AgentRecord, SendOptions, SendResult } from '../core/agent.js';
import { isLive } from '../core/agent.js';
import type { AgentAdapter, ScreenState } from '../core/adapter.js';
import { Daemon, Prompt } from '../core/constants.js';
import { type Disposable, DisposableStore, toDisposable } from '../core/disposable.js';
import { PaseoError } from '../core/errors.js';
import { Emitter, type Event } from '../core/event.js';
import { createLogger } from '../core/log.js';
import type { AgentTerminal, ExitInfo, Screen } from '../terminal/types.js';
import { reduceAgent, type AgentStateEvent } from './agent-state.js';
import { confirmSubmit, pasteEcho, typeParts, waitForReady } from './prompt-delivery.js';
import { ScreenSaver } from './screen-saver.js';
import type { SaveQueue } from './save-queue.js';
import { StatusDetection } from './status-detection.js';
import { ShellStatus } from './shell-status.js';
import { TurnEndGate } from './turn-end-gate.js';
import type { SavedHistory, SavedScreen } from './agent-store.js';

const log = createLogger('agent');

export interface SessionIo {
  /** Persist and announce a changed record. */
  onRecord(record: AgentRecord): void;
  /** The live screen, and the history rows that left it since the last save (appended to the history file). */
  saveScreen(screen: SavedScreen, history?: SavedHistory): Promise<void>;
  /** Creates the screen of an agent that has no process (history restored from disk, or empty). */
  restoreScreen(): Screen;
  onExit(): void;
  scrollbackLines: number;
  /** The daemon's one queue of screen saves (save-queue.ts); without it each agent saves on its own timer. */
  saveQueue?: SaveQueue;
}

export class AgentSession implements Disposable {
  private currentRecord: AgentRecord;
  private screenValue: Screen | undefined;
  private terminalValue: AgentTerminal | undefined;
  private adapterValue: AgentAdapter | undefined;
  private saver: ScreenSaver | undefined;
  private readonly live = new DisposableStore();
  private readonly recordEmitter = new Emitter<AgentRecord>();
  /** Fires with the new record after every change. */
  readonly onDidChangeRecord: Event<AgentRecord> = this.recordEmitter.event;
  private readonly screenEmitter = new Emitter<Screen>();
  /** Fires when a new process replaces the agent's screen (a resumed agent): subscribers must resync. */
  readonly onDidReplaceScreen: Event<Screen> = this.screenEmitter.event;
  private readonly queue: string[] = [];
  private delivering = false;
  /** The first prompt has not been typed yet: screen results would call a half-started agent idle. */
  private holdForPrompt = false;
  /** The prompt given at creation while it waits for the agent to be ready; an interrupt before then cancels it. */
  private pendingInitial: string | undefined;
  /** A shell's OSC 133 marks, when its launch set them up: they decide its status instead of the screen. */
  private shellStatus: ShellStatus | undefined;
  private sentAt = 0;
  private stopping = false;
  /** Approval requests the daemon is holding for this agent: its CLI is blocked on our hook, whatever its screen shows. */
  private heldApprovals = 0;
  private interruptTimer: NodeJS.Timeout | undefined;
  /** Turn-start hooks heard so far: prompt delivery's proof that the CLI took an Enter. */
  private turnStarts = 0;
  /** Held approvals whose hook blocks the CLI (it cannot end its turn before the answer). */
  private blockingApprovals = 0;
  /** For an adapter with a turn-end signal: the signal ends turns, the screen only confirms (turn-end-gate.ts). */
  private turnGate: TurnEndGate | undefined;

  constructor(
    record: AgentRecord,
    private readonly io: SessionIo,
  ) {
    this.currentRecord = record;
  }

  get record(): AgentRecord {
    return this.currentRecord;
  }

  get id(): string {
    return this.currentRecord.id;
  }

  get adapter(): AgentAdapter | undefined {
    return this.adapterValue;
  }

  get terminal(): AgentTerminal | undefined {
    return this.terminalValue;
  }

  /** Typed input is still on its way: a queued or initial prompt not yet delivered. Nobody should call the agent settled. */
  get hasPendingInput(): boolean {
    return this.isRunning && (this.queue.length > 0 || this.delivering || this.holdForPrompt);
  }

  get isRunning(): boolean {
    return !!this.terminalValue && !this.terminalValue.exited;
  }

  /** The live terminal, or the agent's history when it has no process. */
  screen(): Screen {
    this.screenValue ??= this.io.restoreScreen();
    return this.screenValue;
  }

  dispatch(event: AgentStateEvent): void {
    if (event.kind === 'hook' && event.event.kind === 'turn-start') this.turnStarts++;
    if (event.kind === 'hook' && event.event.kind === 'turn-end' && this.blockingApprovals > 0) {
      // The permission wins, with or without a turn gate: a CLI blocked on an approval has not ended its turn.
      log.info('turn-end.dropped', { agentId: this.id, why: 'asking' });
      return;
    }
    if (event.kind === 'hook' && this.turnGate) {
      const hook = event.event;
      if (hook.kind === 'turn-start') this.turnGate.turnStarted();
      if (hook.kind === 'permission' || (hook.kind === 'notification' && hook.waiting)) this.turnGate.permissionAsked();
      if (hook.kind === 'turn-end') {
        const outcome = this.turnGate.turnEnded(hook.answer);
        if (outcome !== 'held') log.info('turn-end.dropped', { agentId: this.id, why: outcome });
        return;
      }
    }
    this.commit(event);
  }

  /** A turn-end hook that arrives while a blocking approval is pending does not end the turn. */
  get blockedOnApproval(): boolean {
    return this.blockingApprovals > 0;
  }

  private commit(event: AgentStateEvent): void {
    if (event.kind === 'spawned' && this.adapterValue?.statusFollowsProcess) event = { ...event, running: true };
    const next = reduceAgent(this.currentRecord, event);
    if (next === this.currentRecord) return;
    this.currentRecord = next;
    this.io.onRecord(next);
    this.recordEmitter.fire(next);
    if (next.status === 'idle' || next.status === 'waiting') this.flushQueue(false);
  }

  /** Wires a freshly spawned terminal: exit, status detection, screen saving, and the first prompt. */
  attachTerminal(terminal: AgentTerminal, adapter: AgentAdapter, initialPrompt: string | undefined, resumed = false, shellIntegration = false, promptInArgv = false): void {
    // A restored history being replaced may still be read by an in-flight logs call; it goes with the session.
    if (this.screenValue) this.live.add(this.screenValue);
    // A restart: the previous process's saver must not write its dead screen over the new one, nor its stop count.
    if (this.saver) this.live.delete(this.saver);
    this.stopping = false;
    this.screenValue = terminal;
    this.terminalValue = terminal;
    this.adapterValue = adapter;
    const resumeReady = resumed && !initialPrompt ? adapter.resumeReadyPattern : undefined;
    this.holdForPrompt = !!initialPrompt || !!resumeReady;
    this.saver = this.live.add(new ScreenSaver(terminal, this.io.scrollbackLines, (s, h) => this.io.saveScreen(s, h), { queue: this.io.saveQueue }));
    // A program whose status follows its process is never judged by its screen (onScreenState): no detector, and no
    // timers re-armed by every chunk of its output.
    const detection = adapter.statusFollowsProcess
      ? undefined
      : this.live.add(new StatusDetection(terminal, adapter.createStateDetector(), () => safeForegroundBusy(terminal), (s) => this.onScreenState(s)));
    this.detection = detection;
    this.turnGate?.dispose();
    this.turnGate = adapter.turnEndSignal
      ? this.live.add(
          new TurnEndGate({
            screenText: () => terminal.view().lines().join('\n'),
            finish: (timedOut) => {
              if (timedOut) log.warn('turn-end.screen-unconfirmed', { agentId: this.id, provider: adapter.name, screen: terminal.view().lines().join('\n').slice(-600) });
              this.commit({ kind: 'hook', event: { kind: 'turn-end' } });
            },
            recheck: () => detection?.arm(),
          }),
        )
      : undefined;
    // A prompt in argv starts a turn with the process: its screen's first idle-looking box is not the answer.
    if (promptInArgv) this.turnGate?.promptSent();
    // The first prompt while a prompt waits to be typed is no idle moment: the agent goes from starting to running.
    const fromMarks = (e: AgentStateEvent): void => (this.holdForPrompt && e.kind === 'prompt' ? undefined : this.dispatch(e));
    if (this.shellStatus) this.live.delete(this.shellStatus);
    this.shellStatus = shellIntegration ? this.live.add(new ShellStatus(terminal, fromMarks, () => detection?.arm())) : undefined;
    this.live.add(terminal.onDidExit((info) => this.handleExit(info)));
    if (initialPrompt) void this.deliverInitialPrompt(terminal, adapter, initialPrompt);
    else if (resumeReady) void this.awaitResumed(terminal, adapter, resumeReady);
    this.screenEmitter.fire(terminal);
  }

  private detection: StatusDetection | undefined;

  /**
   * Marks a hook call that blocks the agent until a decision. Until it is released the screen detector is not heard:
   * a CLI blocked on a PreToolUse hook still shows its busy spinner, which would turn 'waiting' back into 'running'.
   */
  holdApproval(blocking = true): Disposable {
    this.heldApprovals++;
    if (blocking) this.blockingApprovals++;
    return toDisposable(() => {
      this.heldApprovals--;
      if (blocking) this.blockingApprovals--;
      this.turnGate?.permissionDecided();
    });
  }

  async send(text: string, opts: SendOptions = {}): Promise<SendResult> {
    const terminal = this.terminalValue;
    const adapter = this.adapterValue;
    if (!terminal || terminal.exited || !adapter || !isLive(this.currentRecord.status)) {
      throw new PaseoError('invalid_state', `agent ${this.id} is not running (${this.currentRecord.status})`, { agentId: this.id });
    }
    if (opts.interrupt) {
      // Nothing typed yet: the interrupt cancels the prompt still waiting for readiness, instead of hitting a
      // program that is still starting (^C during a shell's rc abandons the rc).
      if (this.pendingInitial !== undefined || this.currentRecord.status === 'starting') {
        this.pendingInitial = undefined;
        this.queue.unshift(text);
        return { delivered: false, queued: true };
      }
      terminal.writeRaw(adapter.interruptKeys);
      this.turnGate?.interrupted();
      if (!this.delivering && !this.holdForPrompt && (this.currentRecord.status === 'idle' || this.currentRecord.status === 'waiting')) {
        await delay(Prompt.PART_GAP_MS);
        await this.deliver(text);
        return { delivered: true, queued: false };
      }
      this.queue.unshift(text);
      // If the interrupted agent never reports idle, type the prompt anyway once it had time to stop.
      if (this.interruptTimer) clearTimeout(this.interruptTimer);
      this.interruptTimer = setTimeout(() => this.flushQueue(true), Prompt.INTERRUPT_SETTLE_MS);
      this.interruptTimer.unref();
      return { delivered: false, queued: true };
    }
    const status = this.currentRecord.status;
    const turnBusy = !adapter.statusFollowsProcess && (status === 'running' || status === 'starting');
    const busy = this.delivering || this.holdForPrompt || this.queue.length > 0 || turnBusy;
    if (opts.queue !== false && busy) {
      this.queue.push(text);
      return { delivered: false, queued: true };
    }
    await this.deliver(text);
    return { delivered: true, queued: false };
  }

  /** Keystrokes from a user: straight to the terminal; whatever wanted attention has been seen. */
  writeInput(data: string): void {
    const terminal = this.terminalValue;
    if (!terminal || terminal.exited) return;
    terminal.input(data);
    // Esc or Ctrl-C typed in the pane may end a turn with no end signal (Claude fires no Stop for an interrupt).
    if (data === '\x1b' || data.includes('\x03')) this.turnGate?.interrupted();
    this.dispatch({ kind: 'user-input' });
  }

  /** The user focused or attached to the agent: its attention is cleared. */
  markSeen(): void {
    this.dispatch({ kind: 'seen' });
  }

  resize(cols: number, rows: number): void {
    const terminal = this.terminalValue;
    if (!terminal || terminal.exited) return;
    terminal.resize(cols, rows);
    this.dispatch({ kind: 'resized', cols, rows });
  }

  /** Ends the process group (adapter's stop signal, SIGKILL after the grace period) and records it as stopped. */
  async stop(detail = 'stopped'): Promise<void> {
    const terminal = this.terminalValue;
    if (!terminal || terminal.exited) return;
    this.stopping = true;
    this.stopDetail = detail;
    const info = await terminal.kill(this.adapterValue?.stopSignal ?? 'SIGTERM', Daemon.STOP_GRACE_MS);
    this.handleExit(info);
    await this.saveScreen();
  }

  private stopDetail = 'stopped';

  async saveScreen(): Promise<void> {
    await this.saver?.saveNow();
  }

  dispose(): void {
    if (this.interruptTimer) clearTimeout(this.interruptTimer);
    this.live.dispose();
    this.screenValue?.dispose();
    this.recordEmitter.dispose();
    this.screenEmitter.dispose();
  }

  private async deliverInitialPrompt(terminal: AgentTerminal, adapter: AgentAdapter, prompt: string): Promise<void> {
    this.pendingInitial = prompt;
    try {
      // A shell with marks is ready at its first prompt, however long its rc takes.
      const ready = this.shellStatus ? await this.shellStatus.firstPrompt : await waitForReady(terminal, adapter.readyPattern);
      if (!ready && !terminal.exited) log.warn('prompt.not-ready', { agentId: this.id, provider: adapter.name });
    } finally {
      this.holdForPrompt = false;
    }
    // An interrupt that came first replaced the prompt with its own text (at the queue's head).
    const text = this.pendingInitial ?? this.queue.shift();
    this.pendingInitial = undefined;
    if (terminal.exited || text === undefined) return;
    await this.deliver(text);
  }

  /**
   * Holds a resumed agent's prompts until its new process shows the loaded session. The screen still holds the
   * previous life's history, which may show the pattern too: it counts only after the new process has changed the screen.
   */
  private async awaitResumed(terminal: AgentTerminal, adapter: AgentAdapter, pattern: RegExp): Promise<void> {
    const restored = terminal.view().lines().join('\n');
    // Once the new process has drawn anything else it may well end on exactly the old screen (the same session,
    // redrawn in the alternate screen): from then on the pattern counts wherever it shows.
    let redrawn = false;
    try {
      const ready = await waitForReady(terminal, (text) => (redrawn ||= text !== restored) && pattern.test(text));
      if (!ready && !terminal.exited) log.warn('resume.not-ready', { agentId: this.id, provider: adapter.name });
    } finally {
      this.holdForPrompt = false;
    }
    // Screen results were not heard while holding: let the detector conclude now, which flushes the queue once idle.
    this.detection?.arm();
  }

  private async deliver(text: string): Promise<void> {
    const terminal = this.terminalValue;
    const adapter = this.adapterValue;
    if (!terminal || terminal.exited || !adapter) return;
    this.delivering = true;
    this.turnGate?.promptSent();
    this.dispatch({ kind: 'prompt-sent' });
    try {
      const parts = adapter.encodePrompt(text);
      const turnsBefore = this.turnStarts;
      const startedAt = Date.now();
      const { echoSeen, retyped } = await typeParts(terminal, parts, pasteEcho(terminal, text, adapter.pastePlaceholder), adapter.echoesPrompt === true);
      // A prompt the CLI did not show at first was probably lost (typed before it could take input): worth a warning.
      (echoSeen === false || retyped ? log.warn : log.info)('prompt.typed', { agentId: this.id, provider: adapter.name, chars: text.length, echoSeen, retyped, ms: Date.now() - startedAt });
      const submitKeys = parts[parts.length - 1];
      if (adapter.emptyInputPattern && parts.length > 1 && submitKeys) {
        const retries = await confirmSubmit(terminal, submitKeys, adapter.emptyInputPattern, () => this.turnStarts > turnsBefore);
        if (retries > 0) log.warn('prompt.enter-repeated', { agentId: this.id, provider: adapter.name, retries });
      }
    } catch (err) {
      log.warn('prompt.write-failed', { agentId: this.id, error: String(err) });
    } finally {
      this.sentAt = Date.now();
      this.delivering = false;
    }
    this.detection?.arm();
    // A program whose status follows its process is never idle: what queued behind this prompt goes now.
    this.flushQueue(false);
  }

  private flushQueue(force: boolean): void {
    if (force && this.interruptTimer) clearTimeout(this.interruptTimer);
    if (this.delivering || this.holdForPrompt || this.queue.length === 0 || !this.isRunning) return;
    const status = this.currentRecord.status;
    if (!force && status !== 'idle' && status !== 'waiting' && !this.adapterValue?.statusFollowsProcess) return;
    const text = this.queue.shift()!;
    void this.deliver(text);
  }

  private onScreenState(state: ScreenState): void {
    if (this.holdForPrompt || this.delivering || this.heldApprovals > 0) return;
    // The process or the shell's marks decide these agents' status: redraws and silence say nothing.
    if (this.adapterValue?.statusFollowsProcess || this.shellStatus?.decidesStatus) return;
    // What we typed has not been answered by any output yet: "quiet" means nothing so far.
    if ((state === 'idle' || state === 'waiting') && this.screen().lastOutputAt < this.sentAt) return;
    const heard = this.turnGate ? this.turnGate.screen(state) : state;
    if (heard) this.dispatch({ kind: 'screen', state: heard, idleIsNews: this.adapterValue?.idleIsNews });
  }

  private handleExit(info: ExitInfo): void {
    this.turnGate?.dispose();
    this.detection?.dispose();
    this.detection = undefined;
    this.queue.length = 0;
    if (this.interruptTimer) clearTimeout(this.interruptTimer);
    this.dispatch({
      kind: 'exit',
      exitCode: info.exitCode,
      signal: info.signal,
      statusDetail: this.stopping ? this.stopDetail : undefined,
    });
    this.io.onExit();
    void this.saveScreen();
  }
}

function safeForegroundBusy(terminal: AgentTerminal): boolean {
  try {
    return terminal.foregroundBusy();
  } catch {
    return false;
  }
}
