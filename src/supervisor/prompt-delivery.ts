/** Typing prompts into an agent: wait until it is ready, then paste, pause, Enter. */
import { Prompt, Status } from '../core/constants.js';
import type { Disposable } from '../core/disposable.js';
import type { AgentTerminal } from '../terminal/types.js';

/**
 * Resolves once the screen shows `pattern` (a RegExp or a test of the screen text; any output when there is none) and
 * output has then settled (DETECT_DEBOUNCE_MS without output). Resolves anyway at `timeoutMs` or when the program exits, so a CLI that never draws its prompt cannot hang delivery forever. Returns whether it saw readiness.
 */
export function waitForReady(screen: AgentTerminal, pattern: RegExp | ((screenText: string) => boolean) | undefined, timeoutMs: number = Prompt.READY_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let settle: NodeJS.Timeout | undefined;
    let settleCap: NodeJS.Timeout | undefined;
    let sub: Disposable | undefined;
    let exitSub: Disposable | undefined;
    const finish = (ready: boolean): void => {
      clearTimeout(deadline);
      if (settle) clearTimeout(settle);
      if (settleCap) clearTimeout(settleCap);
      sub?.dispose();
      exitSub?.dispose();
      resolve(ready);
    };
    const deadline = setTimeout(() => finish(false), timeoutMs);
    const test = typeof pattern === 'function' ? pattern : (text: string): boolean => !pattern || pattern.test(text);
    const showsPattern = (): boolean => test(screen.view().lines().join('\n'));
    // Quiet for a moment with the pattern on screen = ready. Checked when output settles, because the
    // parser may not have applied a chunk yet when its output event fires.
    const onSettle = (): void => {
      if (showsPattern()) finish(true);
    };
    const check = (): void => {
      if (settle) clearTimeout(settle);
      settle = setTimeout(onSettle, Status.DETECT_DEBOUNCE_MS);
      // An animated TUI never goes quiet: once its prompt shows, type after a bounded wait anyway.
      if (!settleCap && pattern && showsPattern()) settleCap = setTimeout(onSettle, Prompt.READY_SETTLE_MAX_MS);
    };
    sub = screen.onDidOutput(check);
    exitSub = screen.onDidExit(() => finish(false));
    if (screen.exited) return finish(false);
    if (screen.seq > 0) check();
  });
}

/**
 * Writes an adapter's encoded prompt parts, each after the program has taken in the previous one (paste, then Enter).
 * `echoed`, when given, must turn true before the second part goes: the program shows the pasted text (or its
 * placeholder for it). Output alone is not proof: a CLI still drawing its start screen produces output too.
 * With `retype`, a first part that never shows is written once more (for programs known to echo every prompt).
 */
export async function typeParts(terminal: AgentTerminal, parts: string[], echoed?: () => boolean, retype = false): Promise<TypedResult> {
  const result: TypedResult = { echoSeen: undefined, retyped: false };
  for (let i = 0; i < parts.length; i++) {
    if (terminal.exited) break;
    if (i > 0) await settledAfterWrite(terminal, i === 1 ? echoed : undefined);
    if (i === 1 && echoed) {
      result.echoSeen = echoed();
      // Never shown: the CLI read and dropped it (a resumed OpenCode still loading its session did, under load).
      // Typed once more, as a person would, before Enter.
      if (retype && !result.echoSeen && parts[0] && !terminal.exited) {
        terminal.writeRaw(parts[0]);
        result.retyped = true;
        await settledAfterWrite(terminal, echoed);
        result.echoSeen = echoed();
      }
    }
    const part = parts[i];
    if (part) terminal.writeRaw(part);
  }
  return result;
}

export interface TypedResult {
  /** Whether the prompt showed on screen before Enter (undefined when there was nothing to look for). */
  echoSeen: boolean | undefined;
  /** The first part went twice: it had not shown after PASTE_ECHO_MAX_MS. */
  retyped: boolean;
}

/**
 * A check that turns true once the screen shows `text` typed or pasted one more time than it does now: its last
 * line's tail (whitespace and box-drawing ignored, so wrapping and borders do not matter), or one more of the
 * adapter's placeholder for a long paste (Claude: "[Pasted text #1]"). Undefined when there is nothing to look for.
 */
export function pasteEcho(terminal: AgentTerminal, text: string, placeholder?: RegExp): (() => boolean) | undefined {
  const squash = (s: string): string => s.replace(/[\s\u2500-\u257f]+/gu, '');
  const lastLine = text.trim().split('\n').pop() ?? '';
  const needle = squash(lastLine).slice(-Prompt.ECHO_NEEDLE_CHARS);
  if (!needle && !placeholder) return undefined;
  const all = placeholder ? new RegExp(placeholder.source, placeholder.flags.includes('g') ? placeholder.flags : placeholder.flags + 'g') : undefined;
  const count = (): number => {
    const screen = terminal.view().lines().join('\n');
    let n = 0;
    if (needle) n += squash(screen).split(needle).length - 1;
    if (all) n += screen.match(all)?.length ?? 0;
    return n;
  };
  const before = count();
  return () => count() > before;
}

/**
 * At least PART_GAP_MS; then, once the program has answered the write with output (its echo, and `echoed()` when
 * given), until PART_QUIET_MS pass without more; at most PART_GAP_MAX_MS (PASTE_ECHO_MAX_MS while waiting for a
 * known echo); a program that echoes nothing waits that long.
 */
function settledAfterWrite(terminal: AgentTerminal, echoed?: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const seqAtWrite = terminal.seq;
    let quiet: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(cap);
      if (quiet) clearTimeout(quiet);
      sub.dispose();
      exitSub.dispose();
      resolve();
    };
    const arm = (): void => {
      if (quiet) clearTimeout(quiet);
      if (terminal.seq === seqAtWrite) return; // no echo yet: wait for output (or the cap)
      const sinceOutput = Date.now() - Math.max(terminal.lastOutputAt, started);
      const wait = Math.max(Prompt.PART_QUIET_MS - sinceOutput, Prompt.PART_GAP_MS - (Date.now() - started), 0);
      // Checked once output has been quiet, when the parser has applied it; not echoed yet = more output is coming.
      quiet = setTimeout(() => {
        if (Date.now() - terminal.lastOutputAt < Prompt.PART_QUIET_MS) arm();
        else if (!echoed || echoed()) done();
      }, wait);
    };
    const cap = setTimeout(done, echoed ? Prompt.PASTE_ECHO_MAX_MS : Prompt.PART_GAP_MAX_MS);
    const sub = terminal.onDidOutput(arm);
    const exitSub = terminal.onDidExit(done);
    arm();
  });
}

/**
 * Presses `submitKeys` again while the typed prompt still sits in the input box: done once the screen shows
 * `emptyInput`, `accepted()` turns true (the CLI's turn-start hook came) or the program exits; at most
 * SUBMIT_RETRIES more presses, each after SUBMIT_CONFIRM_MS without either sign. Returns how many it pressed.
 * An extra Enter on an empty box does nothing in the CLIs that set `emptyInput`, so a slow redraw costs nothing.
 */
export async function confirmSubmit(terminal: AgentTerminal, submitKeys: string, emptyInput: RegExp, accepted: () => boolean): Promise<number> {
  const taken = (): boolean => terminal.exited || accepted() || emptyInput.test(terminal.view().lines().join('\n'));
  for (let retries = 0; ; retries++) {
    if (await becomes(terminal, taken, Prompt.SUBMIT_CONFIRM_MS)) return retries;
    if (retries === Prompt.SUBMIT_RETRIES) return retries;
    terminal.writeRaw(submitKeys);
  }
}

/** Resolves true once `check` holds (tested when output has settled, and at the deadline), false at `timeoutMs`. */
function becomes(terminal: AgentTerminal, check: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settle: NodeJS.Timeout | undefined;
    const finish = (ok: boolean): void => {
      clearTimeout(deadline);
      if (settle) clearTimeout(settle);
      sub.dispose();
      exitSub.dispose();
      resolve(ok);
    };
    // Checked a moment after output, when the parser has applied it.
    const onOutput = (): void => {
      if (settle) clearTimeout(settle);
      settle = setTimeout(() => check() && finish(true), Prompt.PART_GAP_MS);
    };
    const deadline = setTimeout(() => finish(check()), timeoutMs);
    const sub = terminal.onDidOutput(onOutput);
    const exitSub = terminal.onDidExit(() => finish(true));
    onOutput();
  });
}
