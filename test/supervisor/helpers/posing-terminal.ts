/** A headless screen posing as a live agent terminal: the test decides what each write does and when the program exits. */
import { Emitter } from '../../../src/core/event.js';
import { HeadlessScreen } from '../../../src/terminal/headless-screen.js';
import type { AgentTerminal, ExitInfo } from '../../../src/terminal/types.js';

export interface PosingTerminal {
  term: AgentTerminal;
  /** What the "program" prints: written straight into the screen. */
  screen: HeadlessScreen;
  exit(): void;
  dispose(): void;
}

export function posingTerminal(size: { cols: number; rows: number }, onWrite: (data: string, screen: HeadlessScreen) => void): PosingTerminal {
  const screen = new HeadlessScreen(size);
  const exitEmitter = new Emitter<ExitInfo>();
  let exited = false;
  const term = Object.create(screen) as AgentTerminal;
  Object.defineProperties(term, {
    exited: { get: () => exited },
    onDidExit: { value: exitEmitter.event },
    writeRaw: { value: (d: string) => onWrite(d, screen) },
  });
  return {
    term,
    screen,
    exit: () => {
      exited = true;
      exitEmitter.fire({ exitCode: 0 });
    },
    dispose: () => screen.dispose(),
  };
}
