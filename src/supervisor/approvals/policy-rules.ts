/**
 * Policy rules: their shape in config.json (`approvals.rules`), validation that names each bad rule by its position,
 * and the pieces the engine matches with (tool names across CLIs, command and path globs through picomatch).
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { Approval } from '../../core/constants.js';

import { POLICY_ACTIONS, type PlacedRule, type PolicyAction, type PolicyRule, type RuleProblem } from '../../core/policy-types.js';

export { POLICY_ACTIONS };
export type { PlacedRule, PolicyAction, PolicyRule, RuleProblem };

/** Turns a default rule on or off from config: `{"default": "rm-rf", "enabled": false}`. */
export interface DefaultToggle {
  default: string;
  enabled: boolean;
}

const RULE_KEYS = new Set(['id', 'tool', 'command', 'path', 'action', 'provider', 'cwd', 'agent', 'timeoutSeconds', 'description']);
/** The longest ask timeout a rule may set: past it the CLI's own hook deadline would answer first. */
export const MAX_RULE_TIMEOUT_S = Math.floor(Approval.DECIDE_TIMEOUT_MS / 1000);

/** `approvals.rules[i]` as read from config: a rule, a default toggle, or what is wrong with it. */
export function readRuleEntry(entry: unknown, index: number, defaultIds: ReadonlySet<string>): PolicyRule | DefaultToggle | RuleProblem {
  const bad = (message: string): RuleProblem => ({ index, message: `approvals.rules[${index}] (rule ${index + 1}): ${message}` });
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return bad('must be an object');
  const e = entry as Record<string, unknown>;
  if ('default' in e) {
    const extra = Object.keys(e).filter((k) => k !== 'default' && k !== 'enabled');
    if (extra.length) return bad(`a default toggle takes only "default" and "enabled", not ${extra.map((k) => JSON.stringify(k)).join(', ')}`);
    if (typeof e.default !== 'string' || !defaultIds.has(e.default)) return bad(`unknown default rule ${JSON.stringify(e.default)} (see paseo policy ls)`);
    if (typeof e.enabled !== 'boolean') return bad('"enabled" must be true or false');
    return { default: e.default, enabled: e.enabled };
  }
  const unknown = Object.keys(e).filter((k) => !RULE_KEYS.has(k));
  // A misspelt key ("comand") would widen the rule to every command: refused, not skipped.
  if (unknown.length) return bad(`unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
  if (!POLICY_ACTIONS.includes(e.action as PolicyAction)) return bad(`"action" must be allow, ask or deny (got ${JSON.stringify(e.action)})`);
  for (const key of ['id', 'tool', 'provider', 'cwd', 'agent', 'description'] as const) {
    if (e[key] !== undefined && (typeof e[key] !== 'string' || e[key] === '')) return bad(`"${key}" must be a non-empty string`);
  }
  for (const key of ['command', 'path'] as const) {
    const v = e[key];
    if (v === undefined) continue;
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0 || !list.every((x) => typeof x === 'string' && x.trim() !== '')) return bad(`"${key}" must be a non-empty string or list of strings`);
    for (const pattern of list as string[]) {
      try {
        picomatch.makeRe(key === 'command' ? literalPipes(pattern) : pattern, key === 'command' ? OPTIONS.command : OPTIONS.path);
      } catch (err) {
        return bad(`"${key}" pattern ${JSON.stringify(pattern)} is not a valid glob (${err instanceof Error ? err.message : String(err)})`);
      }
    }
  }
  if (e.timeoutSeconds !== undefined) {
    const t = e.timeoutSeconds;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > MAX_RULE_TIMEOUT_S) return bad(`"timeoutSeconds" must be an integer in 1..${MAX_RULE_TIMEOUT_S}`);
    if (e.action !== 'ask') return bad('"timeoutSeconds" applies only to an ask rule');
  }
  return e as unknown as PolicyRule;
}

export function isProblem(v: PolicyRule | DefaultToggle | RuleProblem): v is RuleProblem {
  return 'message' in v && 'index' in v && !('action' in v);
}

// ---- matching ----

/** `*` crosses `/` and spaces (a command is text, not a path); dotfiles match. */
const GLOB: picomatch.PicomatchOptions = { bash: true, dot: true };
/** Tool names: case does not matter (`Bash`, `bash`). Paths: `*` stays within a directory, `**` crosses them. */
const OPTIONS = { command: GLOB, tool: { dot: true, nocase: true }, path: { dot: true } } satisfies Record<string, picomatch.PicomatchOptions>;

const matchers = new Map<string, (s: string) => boolean>();
function matcher(pattern: string, kind: keyof typeof OPTIONS): (s: string) => boolean {
  const key = `${kind}\0${pattern}`;
  let m = matchers.get(key);
  if (!m) {
    m = picomatch(kind === 'command' ? literalPipes(pattern) : pattern, OPTIONS[kind]);
    // Bounded: patterns come from config and default rules, but a long-running daemon reloads config.
    if (matchers.size > 1000) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

/** A `|` in a command pattern is a pipe, not picomatch's alternation (which stays available inside `@(a|b)`). */
export function literalPipes(pattern: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) {
      out += ch + pattern[++i]!;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    out += ch === '|' && depth === 0 ? '[|]' : ch;
  }
  return out;
}

/**
 * Each CLI's tool names, by the common name rules use (Claude Code's). From the hooks: Claude Code reports its own
 * names; Codex `Bash` / `apply_patch` (exec_command, shell, local_shell from its other paths); Gemini CLI
 * `run_shell_command`, `read_file`, `write_file`, `replace`, …; OpenCode `bash`, `edit`, `write`, `read`, `list`, ….
 */
const COMMON_TOOL: Record<string, string> = {
  bash: 'Bash', exec_command: 'Bash', shell: 'Bash', local_shell: 'Bash', run_shell_command: 'Bash',
  read: 'Read', read_file: 'Read', read_many_files: 'Read', notebookread: 'Read',
  grep: 'Grep', search_file_content: 'Grep', grep_search: 'Grep',
  glob: 'Glob',
  ls: 'LS', list: 'LS', list_directory: 'LS',
  write: 'Write', write_file: 'Write',
  edit: 'Edit', multiedit: 'Edit', notebookedit: 'Edit', replace: 'Edit', apply_patch: 'Edit', patch: 'Edit',
  webfetch: 'WebFetch', web_fetch: 'WebFetch', websearch: 'WebSearch', google_web_search: 'WebSearch',
  save_memory: 'Write',
};

/** The common name of a CLI's tool (`run_shell_command` → `Bash`); the name itself when it has none. */
export function commonToolName(tool: string): string {
  return COMMON_TOOL[tool.toLowerCase()] ?? tool;
}

export type ToolKind = 'shell' | 'write' | 'read' | 'other';
export function toolKind(tool: string): ToolKind {
  switch (commonToolName(tool)) {
    case 'Bash':
      return 'shell';
    case 'Write':
    case 'Edit':
      return 'write';
    case 'Read':
    case 'Grep':
    case 'Glob':
    case 'LS':
      return 'read';
    default:
      return 'other';
  }
}

export function toolMatches(pattern: string, tool: string): boolean {
  const names = [tool, commonToolName(tool)];
  return pattern.split('|').some((p) => names.some((n) => matcher(p.trim(), 'tool')(n)));
}

const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

/** The first of the rule's command patterns that matches the command or its first words; undefined when none does. */
export function matchCommand(patterns: string | string[], words: readonly string[]): string | undefined {
  for (const pattern of list(patterns)) {
    const m = matcher(pattern, 'command');
    for (let n = words.length; n >= 1; n--) if (m(words.slice(0, n).join(' '))) return pattern;
  }
  return undefined;
}

/** The first of the rule's path patterns that matches the file (relative to cwd for relative patterns). */
export function matchPath(patterns: string | string[], file: string, cwd: string | undefined): string | undefined {
  const abs = cwd ? path.resolve(cwd, file) : path.resolve(file);
  const rel = cwd ? path.relative(cwd, abs) : file;
  for (const pattern of list(patterns)) {
    const target = path.isAbsolute(pattern) ? abs : rel;
    if (matcher(pattern, 'path')(target)) return pattern;
  }
  return undefined;
}

/** The agent's cwd is the rule's project directory or inside it (or matches it as a glob). */
export function cwdMatches(ruleCwd: string, cwd: string | undefined): boolean {
  if (!cwd) return false;
  const a = path.resolve(cwd);
  if (picomatch.scan(ruleCwd).isGlob) return matcher(ruleCwd, 'path')(a);
  const r = path.resolve(ruleCwd);
  return a === r || a.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
}
