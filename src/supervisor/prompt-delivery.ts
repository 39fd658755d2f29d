/** Typing prompts into an agent: wait until it is ready, then paste, pause, Enter. */
import { setTimeout as delay } from 'node:timers/promises';
import { Prompt, Status } from '../core/constants.js';
import type { Disposable } from '../core/disposable.js';
import type { AgentTerminal } from '../terminal/types.js';

/**
 * Resolves when `pattern` shows on screen, or — with no pattern — once the first output has settled
 * (DETECT_DEBOUNCE_MS without output). Resolves anyway at `timeoutMs` or when the program exits, so a CLI that never draws its prompt cannot hang delivery forever. Returns whether it saw readiness.
 */
export function waitForReady(screen: AgentTerminal, pattern: RegExp | undefined, timeoutMs: number = Prompt.READY_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let settle: NodeJS.Timeout | undefined;
    let sub: Disposable | undefined;
    let exitSub: Disposable | undefined;
    const finish = (ready: boolean): void => {
      clearTimeout(deadline);
      if (settle) clearTimeout(settle);
      sub?.dispose();
      exitSub?.dispose();
      resolve(ready);
    };
    const deadline = setTimeout(() => finish(false), timeoutMs);
    const check = (): void => {
      if (pattern) {
        if (pattern.test(screen.view().lines().join('\n'))) finish(true);
        return;
      }
      if (settle) clearTimeout(settle);
      settle = setTimeout(() => finish(true), Status.DETECT_DEBOUNCE_MS);
    };
    sub = screen.onDidOutput(check);
    exitSub = screen.onDidExit(() => finish(false));
    if (screen.exited) return finish(false);
    if (pattern || screen.seq > 0) check();
  });
}

/** Writes an adapter's encoded prompt parts with a short pause between them (paste, then Enter). */
export async function typeParts(terminal: AgentTerminal, parts: string[]): Promise<void> {
  for (let i = 0; i < parts.length; i++) {
    if (terminal.exited) return;
    if (i > 0) await delay(Prompt.PART_GAP_MS);
    const part = parts[i];
    if (part) terminal.writeRaw(part);
  }
}
