/** The TUI's own headless copy of one agent's screen, fed by subscribeTerminal: snapshot into a terminal of its size, then deltas. */
import { createTerminal, type Terminal } from './headless-terminal.js';
import { writeParsedNow } from '../core/xterm-sync-write.js';
import { Tui } from '../core/constants.js';
import { type Disposable } from '../core/disposable.js';
import { Emitter, type Event } from '../core/event.js';
import type { TerminalDelta, TerminalSnapshot } from '../core/protocol.js';

export class AgentMirror implements Disposable {
  private term: Terminal | undefined;
  /** A snapshot's terminal still being parsed; it replaces `term` once parsed. */
  private next: Terminal | undefined;
  private liveFlag = false;
  private readonly changeEmitter = new Emitter<string>();
  private readonly resizeEmitter = new Emitter<void>();
  /** Fires the agent id once written output has been parsed, or when liveness changes. */
  readonly onDidChange: Event<string> = this.changeEmitter.event;
  /**
   * The PTY changed size. The mirror keeps no history (Tui.MIRROR_SCROLLBACK_LINES), so what the daemon's terminal
   * pulled back into a taller screen or re-wrapped is not here: the owner fetches a fresh snapshot.
   */
  readonly onDidResize: Event<void> = this.resizeEmitter.event;

  constructor(readonly agentId: string) {}

  get terminal(): Terminal | undefined {
    return this.term;
  }

  /** False until the first snapshot is parsed, and again from a disconnect until the next snapshot. */
  get live(): boolean {
    return this.liveFlag;
  }

  get cols(): number {
    return this.term?.cols ?? 0;
  }

  get rows(): number {
    return this.term?.rows ?? 0;
  }

  applySnapshot(snapshot: TerminalSnapshot): void {
    // A fresh terminal, not reset(): output still queued for the old one must not land on the new screen. The old one
    // stays on screen until the new one is parsed (a re-snapshot after a resize must not flash an empty pane).
    this.next?.dispose();
    const term = createTerminal({ cols: snapshot.cols, rows: snapshot.rows, scrollback: Tui.MIRROR_SCROLLBACK_LINES, allowProposedApi: true });
    this.next = term;
    writeParsedNow(term, snapshot.data, () => {
      if (this.next !== term) return;
      this.next = undefined;
      this.term?.dispose();
      this.term = term;
      this.liveFlag = true;
      this.changeEmitter.fire(this.agentId);
    });
  }

  applyDelta(delta: TerminalDelta): void {
    // Deltas follow the latest snapshot: into its terminal, queued behind the snapshot while that is being parsed.
    const term = this.next ?? this.term;
    if (!term) return;
    if (delta.kind === 'resize') {
      if (term.cols === delta.cols && term.rows === delta.rows) return;
      // At the new size at once (the pane's layout follows); the snapshot brings the rows the history would have.
      term.resize(delta.cols, delta.rows);
      this.changeEmitter.fire(this.agentId);
      this.resizeEmitter.fire();
      return;
    }
    // Parsed now, not on a timer turn: the frame that follows shows it, and a delta costs one wake-up, not two.
    writeParsedNow(term, delta.data, () => {
      if (this.term === term) this.changeEmitter.fire(this.agentId);
    });
  }

  /** The stream stopped (daemon gone): keep the last screen but never show it as live. */
  markStale(): void {
    if (!this.liveFlag) return;
    this.liveFlag = false;
    this.changeEmitter.fire(this.agentId);
  }

  /** Whether the program hid its cursor (DECTCEM); xterm.js keeps it only in core state, so read it defensively. */
  get cursorHidden(): boolean {
    const core = (this.term as unknown as { _core?: { coreService?: { isCursorHidden?: boolean } } } | undefined)?._core;
    return core?.coreService?.isCursorHidden === true;
  }

  dispose(): void {
    this.term?.dispose();
    this.term = undefined;
    this.next?.dispose();
    this.next = undefined;
    this.changeEmitter.dispose();
    this.resizeEmitter.dispose();
  }
}
