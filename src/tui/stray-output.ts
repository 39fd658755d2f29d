/**
 * While the TUI owns the terminal nothing but its compositor may write there: a library's console.warn (xterm's "task
 * queue exceeded allotted deadline"), a stray process.stderr/stdout write or a worker's output would land in the middle
 * of the screen and stay there, since frames only redraw cells that changed. This diverts all of them to a sink (the
 * log file) until disposed, and gives the TUI the one way through to the real terminal.
 */
import { format } from 'node:util';
import type { Disposable } from '../core/disposable.js';

export interface StrayOutputCapture extends Disposable {
  /** Writes to the real terminal, past the capture. */
  write(data: string): void;
}

type Sink = (source: string, text: string) => void;
type WriteFn = NodeJS.WriteStream['write'];

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;

export function captureStrayOutput(terminal: { write(data: string): unknown }, sink: Sink): StrayOutputCapture {
  const streams = [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const;
  const originals = new Map<NodeJS.WriteStream, WriteFn>();
  for (const [name, stream] of streams) {
    const original = stream.write;
    originals.set(stream, original);
    stream.write = function strayWrite(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      const done = typeof encoding === 'function' ? encoding : callback;
      sink(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      if (typeof done === 'function') queueMicrotask(() => (done as (err?: Error | null) => void)(null));
      return true;
    } as WriteFn;
  }
  const consoleOriginals = new Map<string, unknown>();
  const target = console as unknown as Record<string, unknown>;
  for (const method of CONSOLE_METHODS) {
    consoleOriginals.set(method, target[method]);
    target[method] = (...args: unknown[]) => sink(`console.${method}`, format(...args));
  }
  const direct = originals.get(terminal as NodeJS.WriteStream);
  let disposed = false;
  return {
    write(data: string): void {
      if (!disposed && direct) direct.call(terminal as NodeJS.WriteStream, data);
      else terminal.write(data);
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      for (const [stream, original] of originals) stream.write = original;
      for (const [method, original] of consoleOriginals) target[method] = original;
    },
  };
}
