/** What views get from the page: its state, the socket, navigation and a way to say something went wrong. */
import type { AppState } from './app-state.js';
import type { PageSocket } from './page-socket.js';

export interface Ctx {
  state: AppState;
  socket: PageSocket;
  go(route: string): void;
  toast(message: string): void;
}

/** Runs a request the user asked for; its failure becomes a one-line toast. */
export async function attempt<T>(ctx: Ctx, what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    ctx.toast(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
