/** Runs a TuiSession against the fake api with its stdout rendered into an @xterm/headless terminal, and reads frames as text. */
import { EventEmitter } from 'node:events';
import { Terminal } from '@xterm/headless';
import { buildKeyTable } from '../../src/tui/input/bindings.js';
import { TuiSession, type TuiSessionOptions } from '../../src/tui/tui-session.js';
import { FakeApi } from './fake-api.js';
import type { Emitter } from '../../src/core/event.js';

export class XtermStdout extends EventEmitter {
  readonly term: Terminal;
  readonly chunks: string[] = [];
  private pending = Promise.resolve();
  constructor(public columns: number, public rows: number) {
    super();
    this.term = new Terminal({ cols: columns, rows, allowProposedApi: true, scrollback: 0 });
  }
  readonly isTTY = true;
  write(data: string): boolean {
    this.chunks.push(data);
    this.pending = this.pending.then(() => new Promise<void>((resolve) => this.term.write(data, resolve)));
    return true;
  }
  flushed(): Promise<void> {
    return this.pending;
  }
  resizeTo(cols: number, rows: number): void {
    this.columns = cols;
    this.rows = rows;
    this.term.resize(cols, rows);
    this.emit('resize');
  }
  /** Row-numbered text frame: `00│…│`, padded to the width so layout shifts show in diffs. */
  frame(): string {
    const buf = this.term.buffer.active;
    const lines = [`${this.columns}x${this.rows} buffer=${buf.type}`];
    for (let y = 0; y < this.rows; y++) {
      const line = buf.getLine(y);
      let row = '';
      // Cell by cell, so a wide character counts as the two columns it covers.
      for (let x = 0; x < this.columns; x++) {
        const cell = line?.getCell(x);
        if (cell && cell.getWidth() === 0) continue;
        row += cell?.getChars() || ' ';
      }
      lines.push(`${String(y).padStart(2, '0')}│${row}│`);
    }
    return lines.join('\n') + '\n';
  }
  text(): string {
    const buf = this.term.buffer.active;
    return Array.from({ length: this.rows }, (_, y) => buf.getLine(y)?.translateToString(true) ?? '').join('\n');
  }
}

export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  rawMode = false;
  paused = true;
  setRawMode(mode: boolean): void {
    this.rawMode = mode;
  }
  setEncoding(): void {}
  resume(): void {
    this.paused = false;
  }
  pause(): void {
    this.paused = true;
  }
  type(data: string): void {
    this.emit('data', data);
  }
}

export interface Harness {
  api: FakeApi;
  stdout: XtermStdout;
  stdin: FakeStdin;
  session: TuiSession;
  done: Promise<'detach' | 'quit'>;
  settle(): Promise<void>;
  waitFor(predicate: (text: string) => boolean, what: string): Promise<void>;
}

export function startHarness(opts: {
  cols: number;
  rows: number;
  api?: FakeApi;
  config?: { prefix?: string; bindings?: unknown };
  connection?: { onDidDisconnect: Emitter<void>['event']; onDidReconnect: Emitter<void>['event'] };
  chromeRenderer?: TuiSessionOptions['chromeRenderer'];
  view?: TuiSessionOptions['view'];
}): Harness {
  const api = opts.api ?? new FakeApi();
  const stdout = new XtermStdout(opts.cols, opts.rows);
  const stdin = new FakeStdin();
  const session = new TuiSession({
    api,
    connection: opts.connection,
    stdin,
    stdout,
    keys: buildKeyTable(opts.config),
    mouse: true,
    cwd: '/home/user/project',
    host: 'testhost',
    now: () => new Date(2025, 0, 1, 9, 41),
    chromeRenderer: opts.chromeRenderer,
    view: opts.view,
  });
  const done = session.run();
  const settle = async () => {
    // Let promise callbacks (list, subscribe, xterm parse) run, then wait for the frame they requested.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 0));
      await session.whenIdle();
      await stdout.flushed();
    }
  };
  const waitFor = async (predicate: (text: string) => boolean, what: string) => {
    const deadline = Date.now() + 3_000;
    for (;;) {
      await settle();
      if (predicate(stdout.text())) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${stdout.text()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { api, stdout, stdin, session, done, settle, waitFor };
}
