/**
 * Shell integration marks: the OSC 133 sequences (FinalTerm's convention, also VS Code's and iTerm2's) a shell prints
 * around its prompt and each command. They are invisible on a terminal; the headless terminal's parser hands them here.
 *   OSC 133 ; A ST        prompt start         OSC 133 ; C ST            a command line starts running
 *   OSC 133 ; B ST        prompt end           OSC 133 ; D [; <status>]  the command finished with <status>
 */
import type { Disposable } from '../core/disposable.js';
import type { HeadlessTerminal } from './xterm.js';

export type ShellMark =
  | { kind: 'prompt' }
  | { kind: 'command-start' }
  /** `exitCode` as the shell reported it ($?), when it did. */
  | { kind: 'command-end'; exitCode?: number };

/** The payload after "133;" → a mark; undefined for marks paseo does not use (A, E, P, …) or a malformed status. */
export function parseShellMark(data: string): ShellMark | undefined {
  const [kind, status] = data.split(';');
  switch (kind) {
    // The prompt counts once it is drawn (B, its end), not when it starts (A): only then does the line editor read
    // keys, so a prompt typed at A could be echoed by the tty ahead of the prompt.
    case 'B':
      return { kind: 'prompt' };
    case 'C':
      return { kind: 'command-start' };
    case 'D': {
      if (status === undefined || status === '') return { kind: 'command-end' };
      return /^\d{1,3}$/.test(status) ? { kind: 'command-end', exitCode: Number(status) } : { kind: 'command-end' };
    }
    default:
      return undefined;
  }
}

/** Calls `onMark` for every OSC 133 mark the terminal parses, while it parses it. */
export function watchShellMarks(term: HeadlessTerminal, onMark: (mark: ShellMark) => void): Disposable {
  return term.parser.registerOscHandler(133, (data) => {
    const mark = parseShellMark(data);
    if (mark) onMark(mark);
    return true;
  });
}
