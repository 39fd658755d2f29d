/**
 * What plan mode refuses, whoever would approve it: file writes and edits, and shell commands that are not plainly
 * read-only. A CLI's own plan mode is not enough: an approval hook's allow overrides it (Claude runs an approved
 * Write in plan mode), and an escalated command leaves Codex's read-only sandbox.
 */
import type { ApprovalRequestInput } from '../core/adapter.js';

export const PLAN_MODE_REFUSAL = 'plan mode: no writes';

/** Tools that write or edit files, in every CLI's spelling. */
const WRITE_TOOLS = /^(write|edit|multiedit|notebookedit|apply_patch|patch|write_file|replace|save_memory)$/i;
/** Tools that run a shell command. */
const SHELL_TOOLS = /^(bash|shell|run_shell_command|exec_command|local_shell)$/i;

/** Programs that only read (with the argument checks below). */
const READ_ONLY = new Set([
  'ls', 'cat', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'find', 'pwd', 'echo', 'printf', 'wc', 'sort', 'uniq',
  'diff', 'stat', 'file', 'which', 'whoami', 'date', 'tree', 'du', 'df', 'basename', 'dirname', 'realpath',
  'readlink', 'cut', 'tr', 'nl', 'true', 'false', 'test', 'sed', 'git', 'id', 'uname', 'cd',
]);
const READ_ONLY_GIT = new Set(['status', 'log', 'diff', 'show', 'rev-parse', 'ls-files', 'blame', 'grep', 'describe', 'shortlog']);

/** The refusal message for a request plan mode does not allow, else undefined (ask as usual). */
export function planModeRefusal(request: ApprovalRequestInput): string | undefined {
  if (WRITE_TOOLS.test(request.tool)) return PLAN_MODE_REFUSAL;
  if (SHELL_TOOLS.test(request.tool)) return request.command !== undefined && readOnlyCommand(request.command) ? undefined : PLAN_MODE_REFUSAL;
  return undefined;
}

/**
 * A command line made only of read-only programs: no redirection into a file, no command substitution, no
 * sed -i / find -delete / -exec; anything unclear counts as a write.
 */
export function readOnlyCommand(command: string): boolean {
  // Output redirection (fd duplication like 2>&1 and /dev/null aside), substitutions, subshell tricks.
  const withoutHarmless = command.replace(/\d*>&\d+/g, '').replace(/\d*>\s*\/dev\/null/g, '');
  if (/>|`|\$\(|<\(|\beval\b|\bexec\b|\bxargs\b/.test(withoutHarmless)) return false;
  const parts = withoutHarmless.split(/&&|\|\||[;|\n&]/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return false;
  return parts.every(readOnlySimple);
}

function readOnlySimple(part: string): boolean {
  const words = part.split(/\s+/);
  // Leading VAR=value assignments change nothing outside the command.
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) words.shift();
  const [program, ...args] = words;
  if (!program || !READ_ONLY.has(program)) return false;
  if (program === 'sed') return !args.some((a) => /^-[a-zA-Z]*i|^--in-place/.test(a));
  if (program === 'find') return !args.some((a) => /^-(delete|exec|execdir|ok|okdir|fprint|fprint0|fprintf|fls)$/.test(a));
  if (program === 'git') {
    const sub = args.find((a) => !a.startsWith('-'));
    return sub !== undefined && READ_ONLY_GIT.has(sub);
  }
  return true;
}
