/**
 * One agent: its live terminal (viewer stream), its pending requests, a prompt box (a native textarea, sent whole:
 * xterm.js's own input duplicates characters with Android keyboards), a key bar, its diff, history on demand, stop
 * and archive. Built once per visit; state changes update the header and requests, never the text being typed.
 */
import type { FrameMessage } from '../../core/viewer-protocol.js';
import { attempt, type Ctx } from '../ctx.js';
import { clear, h, nodes, plain } from '../dom.js';
import { ctrlChar, keyBytes, type BarKey } from '../keys.js';
import { TerminalView } from '../terminal-view.js';
import { card } from './approvals-view.js';
import { diffBlock } from './diff-lines.js';

const BAR: Array<[BarKey, string]> = [
  ['Esc', 'Esc'],
  ['Tab', 'Tab'],
  ['S-Tab', '⇧Tab'],
  ['Up', '↑'],
  ['Down', '↓'],
  ['Left', '←'],
  ['Right', '→'],
  ['Enter', '⏎'],
  ['C-c', '^C'],
  ['y', 'y'],
  ['n', 'n'],
];
const HISTORY_PAGE_LINES = 200;

export class AgentView {
  readonly element: HTMLElement;
  private readonly terminal: TerminalView;
  private readonly header = h('header', { class: 'agent-header' });
  private readonly requests = h('div', { class: 'agent-requests' });
  private readonly history = h('pre', { class: 'history', hidden: true, 'data-testid': 'history' });
  private readonly diff = h('div', { class: 'agent-diff', hidden: true });
  private readonly prompt = h('textarea', { class: 'prompt', rows: '3', placeholder: 'Prompt or text to type', 'data-testid': 'prompt', autocapitalize: 'off', autocomplete: 'off', spellcheck: 'false' });
  private ctrl = false;
  private historyFrom: number | undefined;
  private historyLoading = false;
  private historyDone = false;

  constructor(
    private readonly ctx: Ctx,
    readonly agentId: string,
  ) {
    this.terminal = new TerminalView(
      (id) => ctx.socket.send({ type: 'ack', agentId, id }),
      () => void this.loadHistory(),
    );
    const operator = ctx.state.can('operator');
    this.element = h(
      'main',
      { class: 'view agent-view' },
      this.header,
      this.requests,
      h('button', { class: 'small', 'data-testid': 'load-history', onclick: () => void this.loadHistory() }, 'Earlier output'),
      this.history,
      this.terminal.element,
      operator ? this.controls() : h('p', { class: 'note' }, 'This device may only look.'),
      this.diff,
    );
    this.update();
  }

  /** (Re)subscribes the viewer stream: after a reconnect it names the last frame applied, for a diff from there. */
  subscribe(): void {
    const params = { agentId: this.agentId, viewer: true, ...(this.terminal.lastFrame !== undefined ? { lastFrame: this.terminal.lastFrame } : {}) };
    this.ctx.socket.request('terminal.subscribe', params).catch((err: Error) => this.ctx.toast(`terminal: ${err.message}`));
    this.ctx.socket.request('agent.seen', { agentId: this.agentId }).catch(() => {});
  }

  onFrame(frame: FrameMessage): void {
    if (frame.agentId === this.agentId) this.terminal.apply(frame);
  }

  /** The text on the terminal now (tests). */
  screenText(): string[] {
    return this.terminal.screenText();
  }

  /** Frames applied so far (tests). */
  framesApplied(): number {
    return this.terminal.applied;
  }

  afterMount(): void {
    this.terminal.fit();
  }

  update(): void {
    const a = this.ctx.state.agents.get(this.agentId);
    const operator = this.ctx.state.can('operator');
    this.header.replaceChildren(...nodes(
      h('button', { class: 'back', onclick: () => this.ctx.go('#/'), 'aria-label': 'back' }, '←'),
      h('span', { class: 'agent-title', 'data-testid': 'agent-title' }, plain(a?.title ?? this.agentId)),
      h('span', { class: `dot status-${a?.status ?? 'exited'}` }),
      h('span', { class: 'agent-status', 'data-testid': 'agent-status' }, a ? a.status : 'gone'),
      h('button', { class: 'small', onclick: () => void this.toggleDiff() }, 'Diff'),
      operator ? h('button', { class: 'small', 'data-testid': 'take-control', onclick: () => void this.takeControl() }, 'Take control') : null,
      operator && a && a.status !== 'exited' && a.status !== 'error'
        ? h('button', { class: 'small danger', onclick: () => void (confirm('Stop this agent?') && attempt(this.ctx, 'Stop', () => this.ctx.socket.request('agent.stop', { agentId: this.agentId }))) }, 'Stop')
        : null,
      operator
        ? h('button', { class: 'small', onclick: () => void (confirm('Archive this agent?') && attempt(this.ctx, 'Archive', () => this.ctx.socket.request('agent.archive', { agentId: this.agentId })).then(() => this.ctx.go('#/'))) }, 'Archive')
        : null,
    ));
    const mine = [...this.ctx.state.approvals.values()].filter((r) => r.agentId === this.agentId);
    this.requests.replaceChildren(...mine.map((r) => card(this.ctx, r, () => this.update())));
  }

  dispose(): void {
    this.ctx.socket.request('terminal.unsubscribe', { agentId: this.agentId }).catch(() => {});
    this.terminal.dispose();
  }

  private controls(): HTMLElement {
    const send = (interrupt: boolean) => {
      let text = this.prompt.value;
      if (!text) return;
      if (this.ctrl && text.length === 1) {
        // Sticky Ctrl then one letter: the control character, typed raw.
        this.typeRaw(ctrlChar(text));
        this.prompt.value = '';
        return;
      }
      text = text.replace(/\r\n/g, '\n');
      this.prompt.value = '';
      void attempt(this.ctx, 'Send', () => this.ctx.socket.request('agent.send', { agentId: this.agentId, text, ...(interrupt ? { interrupt: true } : {}) }));
    };
    const ctrlButton = h('button', { class: 'key sticky', 'data-testid': 'key-Ctrl', 'aria-pressed': 'false' }, 'Ctrl');
    const setCtrl = (on: boolean) => {
      this.ctrl = on;
      ctrlButton.setAttribute('aria-pressed', String(on));
      ctrlButton.classList.toggle('on', on);
    };
    ctrlButton.addEventListener('click', () => setCtrl(!this.ctrl));
    const bar = h(
      'div',
      { class: 'keybar' },
      ctrlButton,
      ...BAR.map(([key, label]) =>
        h('button', {
          class: 'key',
          'data-testid': `key-${key}`,
          onclick: () => {
            this.typeRaw(keyBytes(key, { ctrl: this.ctrl, appCursor: this.terminal.modes.appCursor }));
            setCtrl(false);
          },
        }, label),
      ),
    );
    return h(
      'div',
      { class: 'composer' },
      bar,
      this.prompt,
      h(
        'div',
        { class: 'send-row' },
        h('button', { class: 'big primary', 'data-testid': 'send', onclick: () => send(false) }, 'Send'),
        h('button', { class: 'big', 'data-testid': 'send-interrupt', onclick: () => send(true) }, 'Interrupt & send'),
      ),
    );
  }

  private typeRaw(data: string): void {
    this.ctx.socket.send({ type: 'input', agentId: this.agentId, data });
  }

  private async takeControl(): Promise<void> {
    const size = this.terminal.sizeForControl(Math.max(200, window.innerHeight * 0.55));
    await attempt(this.ctx, 'Take control', () => this.ctx.socket.request('agent.resize', { agentId: this.agentId, ...size }));
  }

  /** Pages of older rows from the daemon (history.read, text), shown above the live screen, newest page first. */
  private async loadHistory(): Promise<void> {
    if (this.historyLoading || this.historyDone) return;
    this.historyLoading = true;
    try {
      const request = (fromLine: number | undefined, count: number) =>
        this.ctx.socket.request('history.read', { agentId: this.agentId, count, format: 'text', ...(fromLine !== undefined ? { fromLine } : {}) });
      const info = await request(undefined, 0);
      const before = this.historyFrom ?? info.end - info.rows;
      const from = Math.max(info.first, before - HISTORY_PAGE_LINES);
      const page = before > from ? await request(from, before - from) : undefined;
      this.historyFrom = from;
      this.historyDone = from <= info.first;
      this.history.hidden = false;
      const text = (page?.lines ?? []).map(plain).join('\n');
      this.history.textContent = [text, this.history.textContent].filter(Boolean).join('\n');
      if (this.historyDone && !this.history.textContent) this.history.textContent = '(no earlier output)';
    } catch (err) {
      this.ctx.toast(`history: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.historyLoading = false;
    }
  }

  private async toggleDiff(): Promise<void> {
    if (!this.diff.hidden) {
      this.diff.hidden = true;
      return;
    }
    this.diff.hidden = false;
    clear(this.diff);
    this.diff.append('Loading diff…');
    const d = await attempt(this.ctx, 'Diff', () => this.ctx.socket.request('agent.diff', { agentId: this.agentId }));
    clear(this.diff);
    if (!d) return;
    this.diff.append(h('div', { class: 'diff-head' }, `${d.totalFiles} files, +${d.added} −${d.removed} against ${plain(d.against)}`));
    for (const f of d.files) {
      const box = h('div', { class: 'diff-file' });
      const open = async () => {
        const one = await attempt(this.ctx, 'Diff', () => this.ctx.socket.request('agent.diff', { agentId: this.agentId, file: f.path }));
        if (!one?.file) return;
        box.replaceChildren(diffBlock(one.file.hunks.flatMap((hk) => [{ kind: 'header' as const, text: hk.header }, ...hk.lines])));
        if (one.file.moreLines > 0) box.append(h('div', { class: 'note' }, `${one.file.moreLines} more lines`));
      };
      const name = h('button', { class: 'diff-file-name', onclick: () => void open() }, `${f.status} ${plain(f.path)} +${f.added} −${f.removed}`);
      this.diff.append(name, box);
    }
  }
}
