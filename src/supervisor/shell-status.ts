/**
 * A shell agent's status from its OSC 133 marks (the shell adapter's private rc prints them): 'starting' until the
 * first prompt, 'running' from a command line's start, 'idle' back at the prompt with that command's exit status.
 * Replaces the screen heuristics, which cannot tell a failed command from a passing one, nor a starting shell from
 * one at its prompt.
 */
import { Status } from '../core/constants.js';
import { DisposableStore, type Disposable } from '../core/disposable.js';
import type { AgentTerminal, ShellMark } from '../terminal/types.js';
import type { AgentStateEvent } from './agent-state.js';

export class ShellStatus implements Disposable {
  private readonly store = new DisposableStore();
  /** A command line started (C) and its end (D) has not come yet. */
  private commandRunning = false;
  private state: 'pending' | 'live' | 'absent' = 'pending';
  private resolveFirst!: (ready: boolean) => void;
  private timer: NodeJS.Timeout | undefined;
  /** The last command's end (D), reported once its prompt is drawn (B). */
  private pendingExit: { exitCode?: number } | undefined;
  private promptTimer: NodeJS.Timeout | undefined;
  /** true once the shell's first prompt is drawn; false when it exits first or the marks never come (SHELL_READY_TIMEOUT_MS). */
  readonly firstPrompt: Promise<boolean>;

  constructor(
    terminal: AgentTerminal,
    private readonly dispatch: (event: AgentStateEvent) => void,
    /** The marks never came: status falls back to the screen detector. */
    private readonly onAbsent: () => void,
    timeoutMs: number = Status.SHELL_READY_TIMEOUT_MS,
  ) {
    this.firstPrompt = new Promise((resolve) => (this.resolveFirst = resolve));
    this.store.add(terminal.onDidShellMark((mark) => this.onMark(mark)));
    this.store.add(terminal.onDidExit(() => this.settle(false)));
    this.timer = setTimeout(() => {
      if (this.state !== 'pending') return;
      this.state = 'absent';
      this.settle(false);
      this.onAbsent();
    }, timeoutMs);
    this.timer.unref();
  }

  /** Marks decide the status (or will, once the first comes): screen results are not heard. */
  get decidesStatus(): boolean {
    return this.state !== 'absent';
  }

  dispose(): void {
    this.clearPromptTimer();
    this.settle(false);
    this.store.dispose();
  }

  private onMark(mark: ShellMark): void {
    this.state = 'live';
    switch (mark.kind) {
      case 'command-start':
        this.commandRunning = true;
        this.dispatch({ kind: 'command-start' });
        break;
      case 'command-end':
        // A D with no C before it ends no command: the first prompt, an empty line, ^C at the prompt. The agent is
        // back at its prompt only once the prompt is drawn (B): text typed before that (a queued prompt) would be
        // echoed by the tty ahead of it. Should B never come (a prompt theme that drops it), D counts after a while.
        this.pendingExit = { exitCode: this.commandRunning ? mark.exitCode : undefined };
        this.commandRunning = false;
        this.clearPromptTimer();
        this.promptTimer = setTimeout(() => this.atPrompt(), Status.SHELL_PROMPT_MARK_WAIT_MS);
        this.promptTimer.unref();
        break;
      case 'prompt':
        this.atPrompt();
        break;
    }
  }

  private atPrompt(): void {
    this.clearPromptTimer();
    this.dispatch({ kind: 'prompt', exitCode: this.pendingExit?.exitCode });
    this.pendingExit = undefined;
    // Ready only once the prompt is drawn: the line editor reads keys from then on.
    this.settle(true);
  }

  private clearPromptTimer(): void {
    if (this.promptTimer) clearTimeout(this.promptTimer);
    this.promptTimer = undefined;
  }

  private settle(ready: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.resolveFirst(ready);
  }
}
