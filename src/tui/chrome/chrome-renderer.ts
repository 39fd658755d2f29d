/**
 * Renders chrome models to cells with Ink, off the main thread when it can: a worker thread (chrome-worker.js) when
 * running from the built files, in-thread when running from TypeScript sources (tests), where a worker cannot load a
 * .ts entry. Either way the caller gets a promise, so the TUI never assumes a render is instant.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Disposable } from '../../core/disposable.js';
import { PaseoError } from '../../core/errors.js';
import type { ChromeModel } from '../../../components/view-model.js';
import type { ChromeCellReader, ChromeCells } from './chrome-cells.js';

export interface ChromeRenderer extends Disposable {
  readonly kind: 'worker' | 'inline';
  render(model: ChromeModel): Promise<ChromeCells>;
}

type WorkerReply = { ready: true } | { id: number; cells: ChromeCells } | { id: number; error: string };

class WorkerChromeRenderer implements ChromeRenderer {
  readonly kind = 'worker';
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (cells: ChromeCells) => void; reject: (err: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {}

  /** Resolves once the worker has loaded Ink; rejects when it cannot start. */
  static start(entry: URL, chalkLevel: number): Promise<WorkerChromeRenderer> {
    const worker = new Worker(entry, { workerData: { chalkLevel } });
    // The TUI's lifetime is its own; an idle renderer must not keep the process alive.
    worker.unref();
    const renderer = new WorkerChromeRenderer(worker);
    return new Promise((resolve, reject) => {
      worker.on('message', (reply: WorkerReply) => {
        if ('ready' in reply) return resolve(renderer);
        renderer.settle(reply);
      });
      worker.on('error', (err) => {
        renderer.fail(err);
        reject(err);
      });
      worker.on('exit', (code) => {
        const err = new PaseoError('internal', `the chrome renderer stopped (exit ${code})`);
        renderer.fail(err);
        reject(err);
      });
    });
  }

  render(model: ChromeModel): Promise<ChromeCells> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, model });
    });
  }

  dispose(): void {
    this.fail(new PaseoError('invalid_state', 'the chrome renderer was disposed'));
    void this.worker.terminate();
  }

  private settle(reply: { id: number; cells: ChromeCells } | { id: number; error: string }): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if ('cells' in reply) waiter.resolve(reply.cells);
    else waiter.reject(new PaseoError('internal', `chrome render failed: ${reply.error}`));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}

class InlineChromeRenderer implements ChromeRenderer {
  readonly kind = 'inline';
  constructor(
    private readonly renderChrome: (model: ChromeModel) => string[],
    private readonly reader: ChromeCellReader,
  ) {}
  async render(model: ChromeModel): Promise<ChromeCells> {
    return this.reader.read(this.renderChrome(model), model.cols, model.rows);
  }
  dispose(): void {
    this.reader.dispose();
  }
}

export interface LoadChromeOptions {
  /** 'inline' forces rendering on the calling thread (tests); default: a worker when the built entry exists. */
  mode?: 'auto' | 'inline';
}

export async function loadChromeRenderer(opts: LoadChromeOptions = {}): Promise<ChromeRenderer> {
  const entry = new URL('./chrome-worker.js', import.meta.url);
  if (opts.mode !== 'inline' && import.meta.url.endsWith('.js') && fs.existsSync(fileURLToPath(entry))) {
    const { default: chalk } = await import('chalk');
    return WorkerChromeRenderer.start(entry, chalk.level);
  }
  const [{ renderChrome }, { ChromeCellReader }] = await Promise.all([import('./render-chrome.js'), import('./chrome-cells.js')]);
  return new InlineChromeRenderer(renderChrome, new ChromeCellReader());
}
