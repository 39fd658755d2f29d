import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChromeCells } from '../../src/tui/chrome/chrome-cells.js';
import { loadChromeRenderer, type ChromeRenderer } from '../../src/tui/chrome/chrome-renderer.js';
import type { ChromeModel } from '../../components/view-model.js';
import { startHarness, type Harness } from './harness.js';
import { FakeApi } from './fake-api.js';

const model: ChromeModel = {
  cols: 80,
  rows: 24,
  tooSmall: false,
  minCols: 40,
  minRows: 10,
  sidebar: { x: 0, y: 0, width: 30, height: 23 },
  main: { x: 31, y: 0, width: 49, height: 23 },
  agents: [],
  focusId: undefined,
  tiles: undefined,
  paneNotes: {},
  pendingPanes: [],
  hiddenCount: 0,
  onScreen: [],
  sidebarList: { first: 0, count: 0, rowsPerAgent: 2 },
  paneFooters: {},
  dialog: { kind: 'none' },
  status: { host: 'testhost', daemon: 'embedded', counts: {}, approvals: 0, clock: '09:41', hint: 'C-b ? help' },
} as unknown as ChromeModel;

/** A renderer whose renders wait for release() while held: Ink in a worker that is slow to answer. */
class GatedRenderer implements ChromeRenderer {
  readonly kind = 'inline';
  held = false;
  pending = 0;
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => {};
  constructor(private readonly inner: ChromeRenderer) {}
  hold(): void {
    this.held = true;
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.held = false;
    this.open();
  }
  async render(m: ChromeModel): Promise<ChromeCells> {
    this.pending++;
    try {
      await this.gate;
      return await this.inner.render(m);
    } finally {
      this.pending--;
    }
  }
  dispose(): void {
    this.inner.dispose();
  }
}

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.session.restore();
});

async function until(check: () => boolean, what: string, h: Harness): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${h.stdout.text()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await h.stdout.flushed();
}

describe('chrome renderer', () => {
  it('renders in a worker thread from the built files, the same cells as in-thread', async () => {
    const built = path.resolve('dist/src/tui/chrome/chrome-renderer.js');
    expect(fs.existsSync(built), 'npm test builds dist/ first').toBe(true);
    const { loadChromeRenderer: loadBuilt } = (await import(built)) as { loadChromeRenderer: typeof loadChromeRenderer };
    const worker = await loadBuilt();
    const inline = await loadChromeRenderer({ mode: 'inline' });
    try {
      expect(worker.kind).toBe('worker');
      const [a, b] = await Promise.all([worker.render(model), inline.render(model)]);
      expect(a).toMatchObject({ cols: 80, rows: 24 });
      expect(a.chars).toHaveLength(80 * 24);
      expect(a.chars.join('')).toContain('testhost');
      // Ink's colours came through as cell styles, not as escape sequences in the text.
      expect(a.styles.some((st) => st !== '')).toBe(true);
      expect(a.chars.join('')).not.toContain('\x1b');
      expect(a).toEqual(b);
    } finally {
      worker.dispose();
      inline.dispose();
    }
  });

  it('never holds a pane change behind a pending chrome render (the echo is drawn while Ink is still rendering)', async () => {
    const api = new FakeApi();
    api.addAgent({ id: 'a1', title: 'one', status: 'running' });
    let gated: GatedRenderer | undefined;
    const h = startHarness({
      cols: 80,
      rows: 24,
      api,
      chromeRenderer: async () => (gated = new GatedRenderer(await loadChromeRenderer({ mode: 'inline' }))),
    });
    open.push(h);
    await h.settle();
    api.pushSnapshot('a1', 'one$ ', 49, 21);
    await h.waitFor((t) => t.includes('one$') && t.includes('running'), 'pane and Ink chrome');
    expect(gated).toBeDefined();

    gated!.hold();
    api.changeAgent('a1', { status: 'idle' }); // a chrome change with the same layout
    await until(() => gated!.pending > 0, 'the chrome render to start', h);
    api.pushOutput('a1', 'typed');
    await until(() => h.stdout.text().includes('one$ typed'), 'the echo, while the chrome render is pending', h);
    expect(h.stdout.text()).toContain('running'); // the previous chrome stays until the new one lands
    expect(gated!.pending).toBe(1);

    gated!.release();
    await h.waitFor((t) => t.includes('idle') && !t.includes('running'), 'the new chrome');
    expect(h.stdout.text()).toContain('one$ typed');
  });
});
