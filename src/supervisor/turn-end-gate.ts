/**
 * When a turn of an agent with a structured turn-end signal (hook, event stream) is over: the CLI said so AND its
 * screen has drawn it. Its screen alone never ends a turn paseo started (CLIs draw an idle-looking input box while
 * they work, before the prompt shows, between a tool call and its approval); after the signal, the turn ends once
 * the detector reads the settled screen as idle and the answer the signal carried shows on it.
 */
import type { ScreenState } from '../core/adapter.js';
import { Status } from '../core/constants.js';
import type { Disposable } from '../core/disposable.js';

export interface TurnEndGateIo {
  /** The visible screen text. */
  screenText(): string;
  /** Ends the turn (the held turn-end goes to the state machine); `timedOut` when the screen never confirmed it. */
  finish(timedOut: boolean): void;
  /** Runs the screen detector again soon (after the debounce), even with no new output. */
  recheck(): void;
}

/** How many trailing letters/digits of the answer's last line count as the answer being on screen. */
const ANSWER_TAIL_CHARS = 24;

export class TurnEndGate implements Disposable {
  /** A turn is open (paseo typed or passed a prompt, or the CLI reported a turn start) and has not ended. */
  private open = false;
  /** The CLI reported a turn start since the prompt: a turn end before that is the previous turn's, late. */
  private started = false;
  /** The user pressed an interrupt key: a CLI that fires no end signal for an interrupt may end the turn on screen. */
  private takenOver = false;
  private pending: { answerTail: string } | undefined;
  /** A permission was just decided: its dialog may still be drawn until the CLI redraws, and is not a new ask. */
  private decided = false;
  /** When the screen first showed a permission dialog no hook reported (undefined: it shows none). */
  private screenWaitingSince: number | undefined;
  private waitingTimer: NodeJS.Timeout | undefined;
  private cap: NodeJS.Timeout | undefined;

  constructor(private readonly io: TurnEndGateIo) {}

  /** Paseo typed a prompt (or passed it in argv). */
  promptSent(): void {
    this.open = true;
    this.started = false;
    this.takenOver = false;
    this.clearPending();
  }

  turnStarted(): void {
    this.open = true;
    this.started = true;
    this.takenOver = false;
    this.clearPending();
  }

  /** An interrupt key from the user or paseo: some CLIs end an interrupted turn without their signal. */
  interrupted(): void {
    this.takenOver = true;
  }

  /** The CLI asks for a permission: that wins over an end signal the screen has not confirmed yet. */
  permissionAsked(): void {
    this.clearPending();
    this.decided = false;
  }

  /** The approval the CLI waited on was decided (allowed or denied). */
  permissionDecided(): void {
    this.decided = true;
  }

  /** The CLI's turn-end signal: held until the screen confirms it (or dropped when it is a previous turn's, late). */
  turnEnded(answer: string | undefined): 'held' | 'stale' {
    if (this.open && !this.started && !this.takenOver) return 'stale';
    this.clearPending();
    this.pending = { answerTail: tailOf(answer ?? '') };
    this.cap = setTimeout(() => this.end(true), Status.TURN_END_SCREEN_MAX_MS);
    this.cap.unref();
    this.io.recheck();
    return 'held';
  }

  /** The screen state the state machine may hear: 'idle' only when no turn is open, or it confirms a signalled end. */
  screen(state: ScreenState): ScreenState | undefined {
    if (state === 'waiting') return this.decided ? undefined : this.confirmedWaiting();
    this.screenWaitingSince = undefined;
    if (state !== 'unknown') this.decided = false;
    if (state !== 'idle') return state;
    if (this.pending) {
      if (this.answerShown()) this.end(false);
      return undefined;
    }
    return this.open && !this.takenOver ? undefined : 'idle';
  }

  dispose(): void {
    this.clearPending();
    if (this.waitingTimer) clearTimeout(this.waitingTimer);
  }

  /** 'waiting' once the dialog has stayed SCREEN_WAITING_CONFIRM_MS (looked at again then), else nothing yet. */
  private confirmedWaiting(): ScreenState | undefined {
    const now = Date.now();
    this.screenWaitingSince ??= now;
    const left = this.screenWaitingSince + Status.SCREEN_WAITING_CONFIRM_MS - now;
    if (left <= 0) return 'waiting';
    if (this.waitingTimer) clearTimeout(this.waitingTimer);
    this.waitingTimer = setTimeout(() => this.io.recheck(), left);
    this.waitingTimer.unref();
    return undefined;
  }

  private answerShown(): boolean {
    const tail = this.pending?.answerTail;
    return !tail || squash(this.io.screenText()).includes(tail);
  }

  private end(timedOut: boolean): void {
    this.clearPending();
    this.open = false;
    this.io.finish(timedOut);
  }

  private clearPending(): void {
    if (this.cap) clearTimeout(this.cap);
    this.cap = undefined;
    this.pending = undefined;
  }
}

/** Letters and digits only: markdown, wrapping, borders and bullets do not change it. */
function squash(s: string): string {
  return s.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The last ANSWER_TAIL_CHARS letters/digits of the answer's last line that has any. */
function tailOf(answer: string): string {
  const lines = answer.split('\n').map(squash).filter(Boolean);
  return (lines.at(-1) ?? '').slice(-ANSWER_TAIL_CHARS);
}
