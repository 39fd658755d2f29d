/**
 * Scroll mode (tmux copy mode) over one agent's whole history, which stays in the daemon: the view is a window of
 * stable row numbers, fetched in pages as the user scrolls or searches. Output arriving meanwhile does not move the
 * view; the pane's note counts it ("+N new lines") next to tmux's [offset/total]. Search (`/` up, `?` down, `n`/`N`)
 * highlights matches; "not found" stays only until the next search or move succeeds.
 *
 * The controller routes input here while state.scroll is set and draws the pane through paneView(); what the chrome
 * shows is state.scroll, kept current by this mode. Anything else clearing state.scroll (focus moved) ends the mode.
 */
import type { PaseoApi } from '../../core/api.js';
import type { Disposable } from '../../core/disposable.js';
import { errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import type { InputToken } from '../input/input-token.js';
import type { CellGrid } from '../compositor/cell-grid.js';
import type { Rect } from '../layout/rect.js';
import type { MirrorSet } from '../mirror-set.js';
import { innerRect } from '../layout/rect.js';
import type { ViewGeometry } from '../state/view-geometry.js';
import type { ScrollState, TuiState } from '../state/tui-state.js';
import { scrollKey } from '../state/scroll-keys.js';
import { HistoryPages } from './history-pages.js';
import { findMatch, type Match, type SearchDirection } from './history-search.js';
import { ScrollView } from './scroll-view.js';

const log = createLogger('tui.scroll');

/** What scroll mode needs of the controller (which is one). */
export interface ScrollHost {
  readonly state: TuiState;
  update(patch: Partial<TuiState>): void;
  readonly geometry: ViewGeometry;
  readonly mirrors: Pick<MirrorSet, 'get'>;
}

/** What compose-frame needs to draw a pane in scroll mode. */
export interface ScrollPaneView {
  readonly agentId: string;
  /** Draws the view into the pane's inner rect; false until any of it is loaded (the live pane is drawn instead). */
  draw(grid: CellGrid, inner: Rect, dim: boolean): boolean;
}

interface Session {
  agentId: string;
  pages: HistoryPages;
  view: ScrollView;
  disposables: Disposable[];
  /** Number of the view's top row; undefined until the history's extent is known. */
  top: number | undefined;
  /** Lines up asked for before the extent was known. */
  pendingUp: number;
  /** History end when the user last was at the live view: later rows are the "+N new lines". */
  seenEnd: number | undefined;
  query: string | undefined;
  direction: SearchDirection;
  current: Match | undefined;
  notice: string | undefined;
  /** Bumped by every new search and move: a search still fetching pages gives up when it changed. */
  generation: number;
  /** Searches run one after another: n pressed three times moves three matches, however fast the keys came. */
  searching: Promise<void>;
}

export class ScrollMode implements Disposable {
  private session: Session | undefined;

  constructor(
    private readonly api: PaseoApi,
    private readonly host: ScrollHost,
  ) {}

  /** Starts scroll mode on the agent, `up` lines above the live view (tmux: copy-mode, or the wheel's first notch). */
  enter(agentId: string, up = 0): void {
    if (this.active()?.agentId === agentId) return;
    this.end();
    const pages = new HistoryPages(this.api, agentId);
    const s: Session = {
      agentId,
      pages,
      view: new ScrollView(() => this.publish()),
      disposables: [],
      top: undefined,
      pendingUp: Math.max(0, up),
      seenEnd: undefined,
      query: undefined,
      direction: 'up',
      current: undefined,
      notice: undefined,
      generation: 0,
      searching: Promise.resolve(),
    };
    s.disposables.push(
      pages.onDidChange(() => this.onPages(s)),
      pages.onDidRenumber(({ before, after }) => {
        // Rows were renumbered (resize reflow): keep the same distance from the live view.
        if (s.seenEnd !== undefined) s.seenEnd = after.end - (before.end - s.seenEnd);
        s.current = undefined;
        // setTop also asks for the pages under the view again, in the new numbering.
        if (s.top !== undefined) this.setTop(s, this.liveTop(s, after) - (this.liveTop(s, before) - s.top));
      }),
    );
    this.session = s;
    this.publish();
    void pages.fetchInfo();
  }

  /** Leaves scroll mode (q, Escape, focus moved). */
  exit(): void {
    if (!this.session) return;
    this.end();
    if (this.host.state.scroll) this.host.update({ scroll: undefined, ...(this.host.state.prompt?.kind === 'search' ? { prompt: undefined } : {}) });
  }

  /** Keys in scroll mode and in its search prompt. */
  input(token: InputToken): void {
    const s = this.active();
    const prompt = this.host.state.prompt;
    // A search prompt outlives its scroll mode only if something else ended the mode: close it.
    if (prompt?.kind === 'search') return s ? this.promptInput(s, prompt, token) : this.host.update({ prompt: undefined });
    if (!s) return;
    if (token.kind !== 'key') return;
    const action = scrollKey(token.name, this.height(s));
    switch (action.kind) {
      case 'exit':
        return this.exit();
      case 'by':
        return this.moveBy(s, action.lines);
      case 'top':
        return this.moveTo(s, s.pages.info?.first ?? 0);
      case 'bottom':
        return this.toLive(s);
      case 'search':
        return this.host.update({ prompt: { kind: 'search', text: '', direction: action.direction } });
      case 'next':
        if (s.query) this.queueSearch(s, s.query, action.reverse ? opposite(s.direction) : s.direction, false);
        return;
      case 'none':
        return;
    }
  }

  /** The mouse wheel over a pane: up enters scroll mode there; down to the live view leaves it (tmux copy-mode -e). */
  wheel(agentId: string, up: number): void {
    let s = this.active();
    if (s?.agentId !== agentId) {
      if (up <= 0) return;
      this.enter(agentId, up);
      return;
    }
    this.moveBy(s, up);
    s = this.active();
    if (s && up < 0 && s.top !== undefined && s.top >= this.liveTop(s)) this.exit();
  }

  /** The agent printed (its mirror changed): the history grew; the view stays where it is. */
  mirrorChanged(agentId: string): void {
    const s = this.active();
    if (s?.agentId === agentId) s.pages.refresh();
  }

  /** For compose-frame: the pane in scroll mode, if any. */
  get paneView(): ScrollPaneView | undefined {
    const s = this.active();
    if (!s) return undefined;
    return {
      agentId: s.agentId,
      draw: (grid, inner, dim) => {
        const info = s.pages.info;
        if (!info || s.top === undefined) return false;
        const top = s.top;
        // History is the normal screen's; a full-screen program on the alternate screen is shown live at the bottom.
        if (top >= this.liveTop(s) && this.host.mirrors.get(s.agentId)?.terminal?.buffer.active.type === 'alternate') return false;
        const win = { top, cols: info.cols, height: inner.height, row: (n: number) => s.pages.row(n), wrapped: (n: number) => s.pages.wrapped(n), query: s.query, current: s.current };
        return s.view.draw(grid, inner, win, dim);
      },
    };
  }

  dispose(): void {
    this.end();
  }

  /** The session, if state.scroll still names its agent; otherwise (focus moved, state reset) it is ended. */
  private active(): Session | undefined {
    const s = this.session;
    if (s && this.host.state.scroll?.agentId !== s.agentId) this.end();
    return this.session;
  }

  private end(): void {
    const s = this.session;
    if (!s) return;
    this.session = undefined;
    s.generation++;
    for (const d of s.disposables) d.dispose();
    s.pages.dispose();
    s.view.dispose();
  }

  private promptInput(s: Session, prompt: { text: string; direction?: SearchDirection }, token: InputToken): void {
    const direction = prompt.direction ?? 'up';
    if (token.kind === 'mouse') return;
    if (token.kind === 'paste') return this.host.update({ prompt: { kind: 'search', text: prompt.text + token.text, direction } });
    const name = token.name;
    if (name === 'Escape') return this.host.update({ prompt: undefined });
    if (name === 'Enter') {
      this.host.update({ prompt: undefined });
      if (prompt.text) this.queueSearch(s, prompt.text, direction, true);
      return;
    }
    if (name === 'BSpace') return this.host.update({ prompt: { kind: 'search', text: prompt.text.slice(0, -1), direction } });
    const ch = name === 'Space' ? ' ' : [...token.data].length === 1 ? token.data : '';
    if (ch && ch >= ' ') this.host.update({ prompt: { kind: 'search', text: prompt.text + ch, direction } });
  }

  private queueSearch(s: Session, query: string, direction: SearchDirection, fresh: boolean): void {
    // A new search makes those still queued or running moot; n/N wait their turn.
    const generation = fresh ? ++s.generation : s.generation;
    s.searching = s.searching
      .then(() => (generation === s.generation ? this.search(s, query, direction, fresh, generation) : undefined))
      .catch((err: unknown) => log.warn('search.failed', { agentId: s.agentId, error: errorMessage(err) }));
  }

  /** A new search starts from the view's edge (its bottom row going up, its top going down); n/N from the current match. */
  private async search(s: Session, query: string, direction: SearchDirection, fresh: boolean, generation: number): Promise<void> {
    if (fresh) {
      s.query = query;
      s.direction = direction;
      s.current = undefined;
    }
    const info = s.pages.info ?? (await s.pages.fetchInfo());
    if (!info || generation !== s.generation || this.session !== s) return;
    const top = s.top ?? this.liveTop(s);
    const height = this.height(s);
    // From the current match while it is in view (tmux: from the cursor); after scrolling away, from the view's edge.
    const current = s.current && s.current.row >= top && s.current.row < top + height ? s.current : undefined;
    const from: Match = current ?? (direction === 'up' ? { row: top + height - 1, col: Infinity } : { row: top, col: -Infinity });
    const found = await findMatch(s.pages, query, from, direction, () => generation === s.generation && this.session === s);
    if (generation !== s.generation || this.session !== s) return;
    if (!found) {
      s.notice = `not found: ${query}`;
      return this.publish();
    }
    s.current = found.match;
    s.notice = undefined;
    const viewTop = s.top ?? this.liveTop(s);
    // A match already in view does not move it; any other is brought to the middle.
    if (found.match.row < viewTop || found.match.row >= viewTop + height) this.setTop(s, found.match.row - Math.floor(height / 2));
    this.publish();
  }

  private moveBy(s: Session, up: number): void {
    if (s.top === undefined) {
      s.pendingUp = Math.max(0, s.pendingUp + up);
      return this.publish();
    }
    this.moveTo(s, s.top - up);
  }

  private moveTo(s: Session, top: number): void {
    s.generation++;
    // A move that works clears a stale "not found".
    s.notice = undefined;
    this.setTop(s, top);
    this.publish();
  }

  /** G / End: back to the live view; what arrived so far counts as seen. */
  private toLive(s: Session): void {
    s.seenEnd = s.pages.info?.end;
    this.moveTo(s, this.liveTop(s));
  }

  private setTop(s: Session, top: number): void {
    const info = s.pages.info;
    if (!info) return;
    s.top = Math.max(info.first, Math.min(this.liveTop(s), top));
    const height = this.height(s);
    // The view and a screenful either side, so the next PgUp/PgDn draws at once.
    s.pages.want(s.top - height, s.top + 2 * height);
  }

  private onPages(s: Session): void {
    if (this.session !== s) return;
    const info = s.pages.info;
    if (info && s.top === undefined) {
      s.seenEnd = info.end;
      this.setTop(s, this.liveTop(s) - s.pendingUp);
    } else if (info && s.top !== undefined && s.top < info.first) {
      // The rows under the view were dropped from the daemon's history: show the oldest left.
      this.setTop(s, info.first);
    }
    this.publish();
  }

  /**
   * Number of the top row of the live view: the screen's top, or lower when the pane is shorter than the PTY (the
   * live pane keeps the cursor's rows in view; see compose-frame).
   */
  private liveTop(s: Session, info = s.pages.info): number {
    if (!info) return 0;
    const cursorY = this.host.mirrors.get(s.agentId)?.terminal?.buffer.normal.cursorY ?? info.rows - 1;
    return info.end - info.rows + Math.max(0, Math.min(info.rows, cursorY + 1) - this.height(s));
  }

  private height(s: Session): number {
    const pane = this.host.geometry.tiles.panes.find((p) => p.agentId === s.agentId);
    return Math.max(1, pane ? innerRect(pane.rect).height : 10);
  }

  /** Pushes what the chrome shows into state.scroll (which also brings a frame). */
  private publish(): void {
    const s = this.session;
    if (!s) return;
    const info = s.pages.info;
    const liveTop = this.liveTop(s);
    const scroll: ScrollState = {
      agentId: s.agentId,
      offset: s.top === undefined ? s.pendingUp : Math.max(0, liveTop - s.top),
      total: info ? Math.max(0, liveTop - info.first) : 0,
      newLines: info && s.seenEnd !== undefined ? Math.max(0, info.end - s.seenEnd) : 0,
      ...(s.query !== undefined ? { query: s.query } : {}),
      ...(s.notice !== undefined ? { notice: s.notice } : {}),
    };
    this.host.update({ scroll });
  }
}

function opposite(direction: SearchDirection): SearchDirection {
  return direction === 'up' ? 'down' : 'up';
}
