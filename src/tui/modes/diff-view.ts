/**
 * The diff view (prefix D): full screen, what the focused agent changed in its repository. The daemon runs git and
 * answers in pages (agent.diff): the file list, then the selected file's hunks, more of them as the view scrolls to
 * the end. While the view is open it waits on agent.diffWait, which answers (debounced) when the working tree changes,
 * and reloads keeping the selected file and the scroll position. Keys: n/p file, ]/[ hunk, j/k PgUp/PgDn scroll,
 * w ignore whitespace, b against the base, q back to the panes.
 *
 * The controller routes input here while it is active and the frame draws it over everything (tui-session.ts).
 */
import type { PaseoApi } from '../../core/api.js';
import type { Disposable } from '../../core/disposable.js';
import type { DiffHunk, FileDiff } from '../../core/diff-types.js';
import { Diff } from '../../core/constants.js';
import { errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import type { CellGrid } from '../compositor/cell-grid.js';
import type { InputToken } from '../input/input-token.js';
import { AnsiPanel } from './ansi-panel.js';
import { bodyRows, diffLayout, footerRow, headerRow, listRows, titleRow } from './diff-draw.js';
import { documentOf, initialModel, selectedFile, type DiffModel } from './diff-model.js';

const log = createLogger('tui.diff');

export interface DiffViewHost {
  /** Something the view shows changed: a frame is due. */
  requestFrame(): void;
  /** The screen size the view is drawn at (its page size). */
  readonly size: { cols: number; rows: number };
  /** Files asked for per page (default Diff.FILES_PAGE_MAX; tests use a few). */
  readonly filesPage?: number;
}

interface Session {
  model: DiffModel;
  panels: { header: AnsiPanel; list: AnsiPanel; title: AnsiPanel; body: AnsiPanel; footer: AnsiPanel };
  /** Bumped by every list load: an older answer arriving late is dropped. */
  listGeneration: number;
  /** Bumped by every file load (another file selected, a reload). */
  fileGeneration: number;
  /** A page of more lines is being fetched. */
  fetchingMore: boolean;
  /** A page of more files is being fetched. */
  fetchingFiles: boolean;
}

export class DiffView implements Disposable {
  private session: Session | undefined;

  constructor(
    private readonly api: PaseoApi,
    private readonly host: DiffViewHost,
  ) {}

  get active(): boolean {
    return this.session !== undefined;
  }

  /** The agent whose diff is shown, if the view is open. */
  get agentId(): string | undefined {
    return this.session?.model.agentId;
  }

  enter(agentId: string, title: string): void {
    this.exit();
    const panel = () => new AnsiPanel(() => this.host.requestFrame());
    const s: Session = {
      model: initialModel(agentId, title),
      panels: { header: panel(), list: panel(), title: panel(), body: panel(), footer: panel() },
      listGeneration: 0,
      fileGeneration: 0,
      fetchingMore: false,
      fetchingFiles: false,
    };
    this.session = s;
    this.host.requestFrame();
    if (!this.api.agentDiff) {
      s.model = { ...s.model, loading: false, error: 'this daemon cannot show diffs' };
      return;
    }
    void this.loadList(s).then(() => this.watch(s));
  }

  exit(): void {
    const s = this.session;
    if (!s) return;
    this.session = undefined;
    for (const p of Object.values(s.panels)) p.dispose();
    this.host.requestFrame();
  }

  dispose(): void {
    this.exit();
  }

  input(token: InputToken): void {
    const s = this.session;
    if (!s || token.kind !== 'key') return;
    const page = Math.max(1, this.bodyHeight() - 1);
    switch (token.name) {
      case 'q':
      case 'Escape':
        return this.exit();
      case 'n':
        return this.select(s, s.model.selected + 1);
      case 'p':
        return this.select(s, s.model.selected - 1);
      case ']':
        return this.hunk(s, 1);
      case '[':
        return this.hunk(s, -1);
      case 'j':
      case 'Down':
      case 'C-e':
        return this.scroll(s, 1);
      case 'k':
      case 'Up':
      case 'C-y':
        return this.scroll(s, -1);
      case 'PageDown':
      case 'Space':
      case 'C-f':
        return this.scroll(s, page);
      case 'PageUp':
      case 'C-b':
        return this.scroll(s, -page);
      case 'g':
      case 'Home':
        return this.scroll(s, -Infinity);
      case 'G':
      case 'End':
        return this.scroll(s, Infinity);
      case 'w':
        s.model = { ...s.model, ignoreWhitespace: !s.model.ignoreWhitespace };
        void this.loadList(s);
        return;
      case 'b':
        s.model = { ...s.model, base: !s.model.base, top: 0 };
        void this.loadList(s);
        return;
    }
  }

  /** Draws the whole screen; false when the view is closed. */
  draw(grid: CellGrid): boolean {
    const s = this.session;
    if (!s) return false;
    const m = s.model;
    const l = diffLayout(grid.cols, grid.rows);
    s.panels.header.draw(grid, l.header, [headerRow(m, l.header.width)]);
    s.panels.list.draw(grid, l.list, listRows(m, l.list));
    for (let y = l.list.y; y < l.list.y + l.list.height; y++) grid.set(l.separatorX, y, '│', '90');
    s.panels.title.draw(grid, l.title, [titleRow(m)]);
    s.panels.body.draw(grid, l.body, bodyRows(m, l.body));
    s.panels.footer.draw(grid, l.footer, [footerRow(l.footer.width)]);
    return true;
  }

  private bodyHeight(): number {
    return diffLayout(this.host.size.cols, this.host.size.rows).body.height;
  }

  private set(s: Session, patch: Partial<DiffModel>): void {
    if (this.session !== s) return;
    s.model = { ...s.model, ...patch };
    this.host.requestFrame();
  }

  /** Loads the file list (keeping the selected file when it is still changed), then the selected file's hunks. */
  private async loadList(s: Session, keepTop = false): Promise<void> {
    const generation = ++s.listGeneration;
    const keepPath = selectedFile(s.model)?.path;
    this.set(s, { loading: true });
    const { agentId, base, ignoreWhitespace } = s.model;
    // A reload keeps as many files listed as were paged in.
    const limit = Math.max(this.filesPage, s.model.list?.files.length ?? 0);
    try {
      const list = await this.api.agentDiff!(agentId, { base, ignoreWhitespace, limit });
      if (this.session !== s || generation !== s.listGeneration) return;
      const found = keepPath === undefined ? -1 : list.files.findIndex((f) => f.path === keepPath);
      const selected = found >= 0 ? found : Math.max(0, Math.min(s.model.selected, list.files.length - 1));
      const sameFile = found >= 0 && found === s.model.selected;
      this.set(s, { list, selected, error: undefined, top: keepTop && sameFile ? s.model.top : 0, ...(sameFile ? {} : { file: undefined }) });
      await this.loadFile(s);
    } catch (err) {
      if (this.session !== s || generation !== s.listGeneration) return;
      this.set(s, { error: errorMessage(err) });
    } finally {
      if (this.session === s && generation === s.listGeneration) this.set(s, { loading: false });
    }
  }

  /** The selected file's first page of hunks, or (more) the next page appended to what is loaded. */
  private async loadFile(s: Session, more = false): Promise<void> {
    const file = selectedFile(s.model);
    const generation = more ? s.fileGeneration : ++s.fileGeneration;
    if (!file || file.binary) return;
    const loaded = more && s.model.file?.path === file.path ? s.model.file : undefined;
    const offset = loaded ? loaded.offset + lineCount(loaded.hunks) : 0;
    const { agentId, base, ignoreWhitespace } = s.model;
    try {
      const answer = await this.api.agentDiff!(agentId, { base, ignoreWhitespace, file: file.path, offset });
      if (this.session !== s || generation !== s.fileGeneration || selectedFile(s.model)?.path !== file.path || !answer.file) return;
      const next = loaded ? appendPage(loaded, answer.file) : answer.file;
      const maxTop = Math.max(0, documentOf({ ...s.model, file: next }).lines.length - this.bodyHeight());
      this.set(s, { file: next, top: Math.min(s.model.top, maxTop) });
    } catch (err) {
      if (this.session !== s || generation !== s.fileGeneration) return;
      this.set(s, { error: errorMessage(err) });
    }
  }

  /** Waits for the daemon to say the repository changed, then reloads, for as long as the view is open. */
  private async watch(s: Session): Promise<void> {
    if (!this.api.waitDiffChange) return;
    while (this.session === s) {
      const fingerprint = s.model.list?.fingerprint;
      if (fingerprint === undefined) return;
      try {
        const r = await this.api.waitDiffChange(s.model.agentId, { fingerprint });
        if (this.session !== s) return;
        if (r.changed) await this.loadList(s, true);
      } catch (err) {
        // Disconnected, or the repository went away: the view keeps what it shows; reopening it starts again.
        log.debug('watch.stopped', { agentId: s.model.agentId, error: errorMessage(err) });
        return;
      }
    }
  }

  private select(s: Session, index: number): void {
    const list = s.model.list;
    const files = list?.files ?? [];
    if (list && index >= files.length && files.length < list.totalFiles) {
      void this.loadMoreFiles(s).then(() => {
        if (index < (s.model.list?.files.length ?? 0)) this.select(s, index);
      });
      return;
    }
    if (index < 0 || index >= files.length || index === s.model.selected) return;
    this.set(s, { selected: index, top: 0, error: undefined });
    void this.loadFile(s);
  }

  /** The next page of the file list, appended (n past the last file listed). */
  private async loadMoreFiles(s: Session): Promise<void> {
    const list = s.model.list;
    if (!list || s.fetchingFiles) return;
    s.fetchingFiles = true;
    const generation = s.listGeneration;
    const { agentId, base, ignoreWhitespace } = s.model;
    try {
      const page = await this.api.agentDiff!(agentId, { base, ignoreWhitespace, offset: list.files.length, limit: this.filesPage });
      if (this.session !== s || generation !== s.listGeneration || s.model.list !== list) return;
      this.set(s, { list: { ...page, offset: 0, files: [...list.files, ...page.files] } });
    } catch (err) {
      if (this.session === s) this.set(s, { error: errorMessage(err) });
    } finally {
      s.fetchingFiles = false;
    }
  }

  private get filesPage(): number {
    return this.host.filesPage ?? Diff.FILES_PAGE_MAX;
  }

  /** ] and [: the next or previous hunk header to the top; past the last hunk, the next file (and back). */
  private hunk(s: Session, dir: 1 | -1): void {
    const { hunks } = documentOf(s.model);
    const top = s.model.top;
    const target = dir > 0 ? hunks.find((h) => h > top) : [...hunks].reverse().find((h) => h < top);
    if (target !== undefined) return this.scrollTo(s, target, true);
    this.select(s, s.model.selected + dir);
  }

  private scroll(s: Session, by: number): void {
    this.scrollTo(s, s.model.top + by);
  }

  /** `loose`: a hunk may come to the top even when the file's end is then above the bottom (as in less). */
  private scrollTo(s: Session, top: number, loose = false): void {
    const { lines } = documentOf(s.model);
    const height = this.bodyHeight();
    // Scrolling never goes further past the end than a hunk jump took it.
    const max = Math.max(0, loose ? lines.length - 1 : lines.length - height, Math.min(s.model.top, top));
    const next = Math.max(0, Math.min(max, top));
    if (next !== s.model.top) this.set(s, { top: next });
    // The cut is in view: fetch the next page of lines.
    const last = lines[Math.min(lines.length, next + height) - 1];
    if (last?.kind === 'more' && last.loadable && !s.fetchingMore) {
      s.fetchingMore = true;
      void this.loadFile(s, true).finally(() => (s.fetchingMore = false));
    }
  }
}

function lineCount(hunks: DiffHunk[]): number {
  return hunks.reduce((n, h) => n + h.lines.length, 0);
}

/** A later page continues the last hunk when it starts inside it (same header). */
function appendPage(loaded: FileDiff, page: FileDiff): FileDiff {
  const hunks = loaded.hunks.map((h) => ({ ...h, lines: [...h.lines] }));
  for (const h of page.hunks) {
    const last = hunks[hunks.length - 1];
    if (last && last.header === h.header) last.lines.push(...h.lines);
    else hunks.push(h);
  }
  return { ...loaded, hunks, moreLines: page.moreLines, ...(page.unreadLines !== undefined ? { unreadLines: page.unreadLines } : {}) };
}
