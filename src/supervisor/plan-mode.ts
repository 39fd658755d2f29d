/**
 * What plan mode lets through, whoever would approve the rest: shell commands that are plainly read-only (the policy
 * engine, approvals/policy-engine.ts, refuses file writes and every other command in plan mode). A CLI's own plan mode
 * is not enough: an approval hook's allow overrides it (Claude runs an approved Write in plan mode), and an escalated
 * command leaves Codex's read-only sandbox.
 */
import { splitShell } from './approvals/shell-split.js';

export const PLAN_MODE_REFUSAL = 'plan mode: no writes';

/** Programs that only read (with the argument checks below). */
const READ_ONLY = new Set([
  'ls', 'cat', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'find', 'pwd', 'echo', 'printf', 'wc', 'sort', 'uniq',
  'diff', 'stat', 'file', 'which', 'whoami', 'date', 'tree', 'du', 'df', 'basename', 'dirname', 'realpath',
  'readlink', 'cut', 'tr', 'nl', 'true', 'false', 'test', 'sed', 'git', 'id', 'uname', 'cd',
]);
const READ_ONLY_GIT = new Set(['status', 'log', 'diff', 'show', 'rev-parse', 'ls-files', 'blame', 'grep', 'describe', 'shortlog']);

/**
 * A command line made only of read-only programs (split by approvals/shell-split.ts, substitutions and wrapped
 * commands included as parts of their own): no redirection into a file, no sed -i / find -delete / -exec; anything
 * unclear counts as a write.
 */
export function readOnlyCommand(command: string): boolean {
  const parts = splitShell(command);
  return parts.length > 0 && parts.every((p) => p.writes.length === 0 && readOnlySimple(p.words));
}

function readOnlySimple(words: readonly string[]): boolean {
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
