/**
 * One agent's screen as the viewer streams see it: a headless mirror fed by the agent's byte stream (one subscription
 * however many viewers watch), the states frames were made from (recent ones kept, so a viewer that reconnects naming
 * the last frame it applied gets a diff from there), and a change event. States are captured lazily, at most one per
 * change, and shared by every viewer that sends a frame of it.
 */
import { randomInt } from 'node:crypto';
import type { PaseoApi, TerminalListener } from '../../core/api.js';
import { Viewer } from '../../core/constants.js';
import type { Disposable } from '../../core/disposable.js';
import { Emitter, type Event } from '../../core/event.js';
import type { TerminalDelta, TerminalSnapshot } from '../../core/protocol.js';
import { HistoryNumbering } from '../../terminal/history-numbering.js';
import { createHeadlessTerminal, type HeadlessTerminal } from '../../terminal/xterm.js';
import { captureScreen, type ScreenState } from './screen-state.js';

export class ScreenSource implements Disposable {
  private readonly term: HeadlessTerminal;
  private readonly numbering: HistoryNumbering;
  private readonly subs: Disposable[] = [];
  private version = 0;
  private captured: { version: number; state: ScreenState } | undefined;
  private readonly recent = new Map<number, ScreenState>();
  /** Random start: ids a viewer kept from another daemon run never name a state of this one. */
  private nextId = randomInt(2 ** 40);
  private title = '';
  private disposed = false;
  private readonly onDidChangeEmitter = new Emitter<void>();
  /** The screen changed (output parsed, resized, reset). */
  readonly onDidChange: Event<void> = this.onDidChangeEmitter.event;

  constructor(cols = 80, rows = 24) {
    const { term } = createHeadlessTerminal({ cols, rows, scrollback: Viewer.MIRROR_SCROLLBACK_LINES });
    this.term = term;
    this.numbering = new HistoryNumbering(term);
    this.subs.push(term.onTitleChange((t) => (this.title = t)));
  }

  /**
   * Mirrors the agent's screen until disposed. A resize is followed by a fresh snapshot: the agent's terminal reflows
   * with its whole history, this mirror only holds a little, and the viewers must get the agent's screen.
   */
  static async open(service: Pick<PaseoApi, 'subscribeTerminal'>, agentId: string): Promise<ScreenSource> {
    const source = new ScreenSource();
    source.service = service;
    source.agentId = agentId;
    try {
      await source.subscribe();
      // The first frame is the agent's screen, not the empty mirror before its snapshot was parsed.
      await source.settled();
    } catch (err) {
      source.dispose();
      throw err;
    }
    return source;
  }

  private service: Pick<PaseoApi, 'subscribeTerminal'> | undefined;
  private agentId = '';
  private subscription: Disposable | undefined;
  private generation = 0;

  private async subscribe(): Promise<void> {
    const generation = ++this.generation;
    const live = () => !this.disposed && generation === this.generation;
    const listener: TerminalListener = {
      onSnapshot: (snapshot: TerminalSnapshot) => {
        if (!live()) return;
        this.inOrder(() => {
          this.term.reset();
          this.term.resize(snapshot.cols, snapshot.rows);
        });
        this.write(snapshot.data);
      },
      onDelta: (delta: TerminalDelta) => {
        if (!live()) return;
        if (delta.kind === 'output') return this.write(delta.data);
        this.inOrder(() => this.term.resize(delta.cols, delta.rows));
        this.resync();
      },
    };
    const handle = await this.service!.subscribeTerminal(this.agentId, listener, { scrollbackLines: 0 });
    if (!live()) return handle.dispose();
    this.subscription?.dispose();
    this.subscription = handle;
  }

  private resync(): void {
    this.subscribe().catch(() => {
      // The agent is gone: the viewers keep the last screen (its status comes with the agent events).
    });
  }

  /** The current state (the same object until the screen changes). */
  capture(): ScreenState {
    if (this.captured?.version === this.version) return this.captured.state;
    const state = captureScreen(this.term, this.nextId++, this.numbering.epoch, this.numbering.first, this.title);
    this.captured = { version: this.version, state };
    this.recent.set(state.id, state);
    if (this.recent.size > Viewer.RECENT_STATES) this.recent.delete(this.recent.keys().next().value!);
    return state;
  }

  /** A state a frame was made from, while it is still kept. */
  recall(id: number): ScreenState | undefined {
    return this.recent.get(id);
  }

  /** Resolves once everything written so far is parsed (tests). */
  settled(): Promise<void> {
    return new Promise((resolve) => this.term.write('', resolve));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.subs) s.dispose();
    this.subscription?.dispose();
    this.numbering.dispose();
    this.onDidChangeEmitter.dispose();
    this.term.dispose();
  }

  private write(data: string): void {
    if (this.disposed) return;
    this.term.write(data, () => this.changed());
  }

  /** Resizes and resets run after the output before them is parsed: xterm.js does them at once otherwise. */
  private inOrder(op: () => void): void {
    if (this.disposed) return;
    this.term.write('', () => {
      if (this.disposed) return;
      op();
      this.changed();
    });
  }

  private changed(): void {
    if (this.disposed) return;
    this.version++;
    this.onDidChangeEmitter.fire();
  }
}
