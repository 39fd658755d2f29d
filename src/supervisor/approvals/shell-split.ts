/**
 * Splits a shell command line into the simple commands it runs, so a policy rule for `ls` never allows
 * `ls && git push --force`. shell-quote does the words, quotes and operators; what it leaves whole is handled here:
 * newlines (it joins lines), `$(…)`, `<(…)`, `>(…)` and backticks (inner text split again, as parts of their own), and
 * `sh -c '…'` (its script split again). Redirections are taken off the words: a write to a file is kept on the part
 * (a rule never allows it silently). Anything unclear errs towards more parts, never fewer.
 */
import { parse, type ParseEntry } from 'shell-quote';

export interface ShellPart {
  /** The words of one simple command, leading VAR=value assignments removed, joined by single spaces. */
  text: string;
  words: string[];
  /** Files an output redirection writes (`> f`, `>> f`, `&> f`); /dev/null and fd duplications (`2>&1`) are not. */
  writes: string[];
}

/** Substitution nesting kept at most this deep; deeper text stays a part of its own, unsplit (asked, never allowed). */
const MAX_DEPTH = 8;

const SEPARATORS = new Set([';', '&&', '||', '|', '|&', '&', ';;', '(', ')']);
const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);
/** What a substitution leaves in the outer command: no shell meaning, so it stays inside whatever word held it. */
export const SUBSTITUTION = '⟨cmd⟩';

/** The simple commands of `command`, in order (substitutions' parts after the part holding them). */
export function splitShell(command: string, depth = 0): ShellPart[] {
  const { outer, inner } = extractSubstitutions(command);
  const parts: ShellPart[] = [];
  // A line continuation is one line; any other newline ends a command. A newline inside quotes becomes ` ; ` inside
  // that quoted word, which only changes the word's text, never how the line splits.
  const text = outer.replace(/\\\r?\n/g, ' ').replace(/\r?\n/g, ' ; ');
  let entries: ParseEntry[];
  try {
    entries = parse(text, (name) => `$${name}`);
  } catch {
    // Unparseable (an unbalanced quote): one part with the raw text, which no allow rule's words will match cleanly.
    entries = [text];
  }
  let words: string[] = [];
  let writes: string[] = [];
  const flush = () => {
    // Reserved words and groups (`if x; then rm …`, `{ rm …; }`, `do rm …`) and VAR=value assignments run nothing.
    while (words.length > 0 && (RESERVED.has(words[0]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!))) words.shift();
    while (words.length > 0 && words[words.length - 1] === '}') words.pop();
    if (words.length > 0 || writes.length > 0) {
      parts.push({ text: words.join(' '), words, writes });
      // The command a wrapper runs (`env X=1 rm …`, `nohup rm …`, `xargs rm …`) is a part too: a rule for `rm` sees it,
      // and an allow must cover both.
      const inner = unwrap(words);
      if (inner) parts.push({ text: inner.join(' '), words: inner, writes: [] });
      if (depth < MAX_DEPTH) parts.push(...shellScriptParts(inner ?? words, depth));
    }
    words = [];
    writes = [];
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (typeof e === 'string') {
      words.push(e);
      continue;
    }
    if ('comment' in e) continue;
    if ('pattern' in e && e.op === 'glob') {
      words.push(e.pattern);
      continue;
    }
    const op = (e as { op: string }).op;
    if (SEPARATORS.has(op)) {
      flush();
      continue;
    }
    // A redirection: its target is the next word. A bare fd number just before it (`2>`) is not an argument.
    const target = entries[i + 1];
    if (typeof target === 'string') i++;
    if (words.length > 0 && /^\d+$/.test(words[words.length - 1]!)) words.pop();
    if (WRITE_REDIRECTS.has(op) && typeof target === 'string' && target !== '/dev/null') writes.push(target);
    if (op === '>&' && typeof target === 'string' && !/^\d+$|^-$/.test(target) && target !== '/dev/null') writes.push(target);
  }
  flush();
  for (const sub of inner) parts.push(...(depth < MAX_DEPTH ? splitShell(sub, depth + 1) : [{ text: sub, words: [sub], writes: [] }]));
  return parts;
}

/** Shell words that run nothing themselves: what follows them is the command. */
const RESERVED = new Set(['!', '{', '}', 'if', 'then', 'elif', 'else', 'fi', 'do', 'done', 'while', 'until', 'time']);

/** Programs that run the command given after their options, and those of their options that take a value. */
const WRAPPERS: Record<string, readonly string[]> = {
  env: ['-u', '-C', '-S', '--unset', '--chdir'],
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group'],
  doas: ['-u', '-C'],
  nohup: [],
  command: [],
  builtin: [],
  exec: ['-a'],
  nice: ['-n', '--adjustment'],
  ionice: ['-c', '-n', '-p'],
  stdbuf: ['-i', '-o', '-e'],
  xargs: ['-I', '-i', '-n', '-P', '-L', '-l', '-s', '-d', '-E', '-e', '-a', '--arg-file', '--delimiter', '--max-args', '--max-procs'],
  timeout: ['-s', '-k', '--signal', '--kill-after'],
  watch: ['-n', '-d', '--interval'],
  strace: ['-e', '-o', '-p', '-s'],
  flock: ['-w', '-E'],
  setsid: [],
  unbuffer: [],
  chronic: [],
};

/** The command a wrapper runs (`env A=1 nice -n 5 rm -rf x` → `rm -rf x`); undefined when the part is no wrapper. */
export function unwrap(words: readonly string[]): string[] | undefined {
  let i = 0;
  let wrapped = false;
  for (;;) {
    const program = words[i]?.split('/').pop();
    const valued = program !== undefined ? WRAPPERS[program] : undefined;
    if (!valued) break;
    wrapped = true;
    i++;
    while (i < words.length) {
      const w = words[i]!;
      if (w === '--') {
        i++;
        break;
      }
      if (valued.includes(w)) i += 2;
      else if (w.startsWith('-') || (program === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w))) i++;
      // timeout's duration, flock's lock file: the first plain word before the command.
      else if ((program === 'timeout' && /^\d+(\.\d+)?[smhd]?$/.test(w)) || (program === 'flock' && i > 0 && words[i - 1] === 'flock')) i++;
      else break;
    }
  }
  return wrapped && i < words.length ? words.slice(i) : undefined;
}

/** `bash -c 'script'` and the like: the script's own parts. */
function shellScriptParts(words: readonly string[], depth: number): ShellPart[] {
  const program = words[0]?.split('/').pop();
  if (!program || !SHELLS.has(program)) return [];
  const c = words.findIndex((w, j) => j > 0 && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w));
  const script = c >= 0 ? words[c + 1] : undefined;
  return script === undefined ? [] : splitShell(script, depth + 1);
}

/**
 * Takes `$(…)`, `<(…)`, `>(…)` and `` `…` `` out of the text: the outer command keeps a SUBSTITUTION placeholder, the inner
 * texts are returned to be split on their own. Quotes are not tracked: a substitution inside single quotes (which the
 * shell would not run) is still split out, which can only make the command ask more.
 */
export function extractSubstitutions(command: string): { outer: string; inner: string[] } {
  const inner: string[] = [];
  let outer = '';
  let i = 0;
  while (i < command.length) {
    const ch = command[i]!;
    if (ch === '\\' && i + 1 < command.length) {
      outer += ch + command[i + 1]!;
      i += 2;
      continue;
    }
    if ((ch === '$' || ch === '<' || ch === '>') && command[i + 1] === '(') {
      // `$((…))` is arithmetic, but its text is split all the same: harmless, it only adds parts.
      let level = 1;
      let j = i + 2;
      while (j < command.length && level > 0) {
        if (command[j] === '(') level++;
        else if (command[j] === ')') level--;
        j++;
      }
      inner.push(command.slice(i + 2, level === 0 ? j - 1 : j));
      outer += SUBSTITUTION;
      i = j;
      continue;
    }
    if (ch === '`') {
      const end = command.indexOf('`', i + 1);
      inner.push(command.slice(i + 1, end < 0 ? command.length : end));
      outer += SUBSTITUTION;
      i = end < 0 ? command.length : end + 1;
      continue;
    }
    outer += ch;
    i++;
  }
  return { outer, inner };
}
