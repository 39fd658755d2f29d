/**
 * Worker thread that renders the Ink chrome: React + Ink load here (0.3–0.5 s) and each render (tens of ms when the
 * status changes rarely enough that the JIT is cold) runs here, so the main thread — keystrokes, deltas, the
 * compositor — never waits for React. Ink's output is parsed into cells here too (chrome-cells.ts), so the main thread
 * only copies arrays. Messages: in {id, model}; out {ready} once loaded, then {id, cells} | {id, error}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ChromeModel } from '../../../components/view-model.js';

interface WorkerInput {
  chalkLevel: 0 | 1 | 2 | 3;
}

const port = parentPort;
if (port) {
  const { chalkLevel } = workerData as WorkerInput;
  const [{ renderChrome }, { ChromeCellReader }, { default: chalk }] = await Promise.all([
    import('./render-chrome.js'),
    import('./chrome-cells.js'),
    import('chalk'),
  ]);
  const reader = new ChromeCellReader();
  // The worker's stdout is not the user's terminal: use the colour level the main thread detected on it.
  if (chalkLevel > 0) chalk.level = chalkLevel;
  // Renders run one at a time, in order: a reply never overtakes an earlier one.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', ({ id, model }: { id: number; model: ChromeModel }) => {
    queue = queue.then(async () => {
      try {
        port.postMessage({ id, cells: await reader.read(renderChrome(model), model.cols, model.rows) });
      } catch (err) {
        port.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  port.postMessage({ ready: true });
}
