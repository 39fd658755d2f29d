/**
 * The pure policy engine: rules and a request in, allow / ask / deny and the deciding rule out. No I/O.
 *
 * Any matching deny wins, then ask, then allow; unmatched is ask. A shell command is split into its simple commands
 * (shell-split.ts): a deny or ask rule matching any part (or the whole line) decides for all of it, and it is allowed
 * only when every part is. Modes agree with the rules: plan refuses file writes and any shell command the rules do not
 * allow (or that is not plainly read-only), whatever a person would say; accept-edits allows what would be asked of a
 * file edit; full-access asks nothing, but deny rules still deny.
 */
import type { AgentMode } from '../../core/agent.js';
import { Approval } from '../../core/constants.js';
import type { PolicyDecision } from '../../core/policy-types.js';
import { PLAN_MODE_REFUSAL, readOnlyCommand } from '../plan-mode.js';
import { type PlacedRule, type PolicyAction, cwdMatches, matchCommand, matchPath, toolKind, toolMatches } from './policy-rules.js';
import { type ShellPart, splitShell } from './shell-split.js';

export type { PolicyDecision };

/** What a request is, for the rules. */
export interface PolicyRequest {
  tool: string;
  command?: string;
  file?: string;
  /** Every file the call writes (a patch may touch several); `file` alone when absent. */
  files?: string[];
  cwd?: string;
}

/** Who asks: the scopes rules may name, and the agent's mode. */
export interface PolicyContext {
  agentId?: string;
  provider?: string;
  /** The agent's cwd (its project). */
  cwd?: string;
  mode?: AgentMode;
}

export interface PolicyOptions {
  /** Bad rules in config (their messages): any allow becomes an ask, since a broken rule may have been meant to stop it. */
  problems?: readonly string[];
}

interface Match {
  rule: PlacedRule;
  pattern?: string;
  part?: string;
}

export function evaluatePolicy(rules: readonly PlacedRule[], request: PolicyRequest, ctx: PolicyContext, opts: PolicyOptions = {}): PolicyDecision {
  const base = baseDecision(rules, request, ctx);
  const decided = applyMode(base, request, ctx.mode);
  // Fail closed while a rule is broken (it may have been a deny): nothing is allowed without a person, in any mode.
  if (decided.action === 'allow' && opts.problems && opts.problems.length > 0) {
    return { ...decided, action: 'ask', by: 'unmatched', reason: `asked, not allowed: config.json has bad rules (${opts.problems[0]})` };
  }
  return decided;
}

function baseDecision(rules: readonly PlacedRule[], request: PolicyRequest, ctx: PolicyContext): PolicyDecision {
  const applicable = rules.filter((r) => inScope(r, request, ctx));
  const kind = toolKind(request.tool);
  const deny = firstMatch(applicable, 'deny', request, ctx);
  if (deny) return decision('deny', deny, `denied by ${deny.rule.label}${describeMatch(deny)}`);
  const ask = firstMatch(applicable, 'ask', request, ctx);
  if (ask) return decision('ask', ask, `asked by ${ask.rule.label}${describeMatch(ask)}`, ask.rule.rule.timeoutSeconds);
  const allows = applicable.filter((r) => r.rule.action === 'allow');
  if (kind === 'shell') {
    const parts = partsOf(request.command);
    const matches: Match[] = [];
    for (const part of parts) {
      const m = allowPart(allows, part, ctx);
      if (!m) {
        const why = part.writes.length > 0 && allows.some((r) => r.rule.command && matchCommand(r.rule.command, part.words)) ? ` (it writes ${part.writes.join(', ')})` : '';
        return unmatched(parts.length > 1 ? `no rule allows \`${part.text}\`${why}, one part of the command` : `no rule allows \`${part.text || request.command || ''}\`${why}`);
      }
      matches.push(m);
    }
    if (matches.length === 0) return unmatched('no command to match');
    const first = matches[0]!;
    const labels = [...new Set(matches.map((m) => m.rule.label))].join(', ');
    return decision('allow', first, matches.length > 1 ? `every part allowed (${labels})` : `allowed by ${first.rule.label}${describeMatch(first)}`);
  }
  for (const r of allows) {
    const m = plainRuleMatch(r, request, ctx, 'all');
    if (m) return decision('allow', m, `allowed by ${r.label}${describeMatch(m)}`);
  }
  return unmatched('no rule matches');
}

function applyMode(d: PolicyDecision, request: PolicyRequest, mode: AgentMode | undefined): PolicyDecision {
  const kind = toolKind(request.tool);
  switch (mode) {
    case 'plan':
      if (kind === 'write') return { ...d, action: 'deny', by: 'mode', reason: `${PLAN_MODE_REFUSAL} (plan mode refuses every file write)` };
      if (kind === 'shell' && d.action !== 'deny' && !(d.action === 'allow' && request.command !== undefined && readOnlyCommand(request.command))) {
        return { ...d, action: 'deny', by: 'mode', reason: `${PLAN_MODE_REFUSAL} (plan mode runs only read-only commands the rules allow)` };
      }
      return d;
    case 'full-access':
      if (d.action === 'ask') return { ...d, action: 'allow', by: 'mode', reason: `full-access asks nothing (${d.reason})` };
      return d;
    case 'accept-edits':
      if (kind === 'write' && d.action === 'ask') return { ...d, action: 'allow', by: 'mode', reason: `accept-edits allows file edits (${d.reason})` };
      return d;
    default:
      return d;
  }
}

function decision(action: PolicyAction, m: Match, reason: string, timeoutSeconds?: number): PolicyDecision {
  return {
    action,
    by: 'rule',
    rule: m.rule,
    ...(m.pattern !== undefined ? { pattern: m.pattern } : {}),
    ...(m.part !== undefined ? { part: m.part } : {}),
    reason,
    timeoutMs: askTimeoutMs(timeoutSeconds),
  };
}

function unmatched(reason: string): PolicyDecision {
  return { action: 'ask', by: 'unmatched', reason, timeoutMs: askTimeoutMs(undefined) };
}

/** A rule's timeout, never past the default: that one is set to answer before every CLI's own hook deadline. */
export function askTimeoutMs(timeoutSeconds: number | undefined): number {
  return timeoutSeconds === undefined ? Approval.DECIDE_TIMEOUT_MS : Math.min(timeoutSeconds * 1000, Approval.DECIDE_TIMEOUT_MS);
}

function describeMatch(m: Match): string {
  if (m.pattern === undefined) return '';
  return m.part !== undefined ? `: \`${m.part}\` matches "${m.pattern}"` : `: matches "${m.pattern}"`;
}

function inScope(r: PlacedRule, request: PolicyRequest, ctx: PolicyContext): boolean {
  const rule = r.rule;
  if (rule.tool !== undefined && !toolMatches(rule.tool, request.tool)) return false;
  if (rule.provider !== undefined && rule.provider !== ctx.provider) return false;
  if (rule.agent !== undefined && rule.agent !== ctx.agentId) return false;
  if (rule.cwd !== undefined && !cwdMatches(rule.cwd, ctx.cwd ?? request.cwd)) return false;
  return true;
}

function partsOf(command: string | undefined): ShellPart[] {
  if (command === undefined || command.trim() === '') return [];
  return splitShell(command);
}

/** The first rule of `action` (in order) matching the request: for a shell command, any of its parts or the whole line. */
function firstMatch(rules: readonly PlacedRule[], action: PolicyAction, request: PolicyRequest, ctx: PolicyContext): Match | undefined {
  const shell = toolKind(request.tool) === 'shell';
  const parts = shell ? partsOf(request.command) : [];
  // The whole line, too: a pipeline rule (`curl … | sh`) spans parts.
  const whole = request.command?.replace(/\s+/g, ' ').trim();
  for (const r of rules) {
    if (r.rule.action !== action) continue;
    if (!shell) {
      const m = plainRuleMatch(r, request, ctx, 'any');
      if (m) return m;
      continue;
    }
    for (const part of parts) {
      const m = partMatch(r, part, ctx.cwd ?? request.cwd);
      if (m) return { rule: r, ...m };
    }
    if (r.rule.command !== undefined && r.rule.path === undefined && whole) {
      const pattern = matchCommand(r.rule.command, [whole]);
      if (pattern !== undefined) return { rule: r, pattern, part: whole };
    }
    // A rule for every command of the tool (no command, no path) matches even an empty one.
    if (parts.length === 0 && r.rule.command === undefined && r.rule.path === undefined) return { rule: r };
  }
  return undefined;
}

/** A rule matches one simple command: its command pattern, and its path pattern against every file the part writes. */
function partMatch(r: PlacedRule, part: ShellPart, cwd: string | undefined): { pattern?: string; part: string } | undefined {
  let pattern: string | undefined;
  if (r.rule.command !== undefined) {
    pattern = matchCommand(r.rule.command, part.words);
    if (pattern === undefined) return undefined;
  }
  if (r.rule.path !== undefined) {
    if (part.writes.length === 0) return undefined;
    const p = part.writes.map((f) => matchPath(r.rule.path!, f, cwd));
    // For a deny/ask one write is enough; an allow (allowPart) needs them all.
    if (p.every((x) => x === undefined)) return undefined;
    pattern ??= p.find((x) => x !== undefined);
  }
  return { ...(pattern !== undefined ? { pattern } : {}), part: part.text };
}

/** The allow rule that allows this part; a part that writes a file needs a rule whose path covers every such file. */
function allowPart(allows: readonly PlacedRule[], part: ShellPart, ctx: PolicyContext): Match | undefined {
  for (const r of allows) {
    const m = partMatch(r, part, ctx.cwd);
    if (!m) continue;
    if (part.writes.length > 0 && (r.rule.path === undefined || !part.writes.every((f) => matchPath(r.rule.path!, f, ctx.cwd) !== undefined))) continue;
    return { rule: r, ...m };
  }
  return undefined;
}

/**
 * A rule for a tool that runs no command: no command pattern, and its path pattern (if any) matches the files the call
 * touches — one of them for a deny or ask, every one for an allow.
 */
function plainRuleMatch(r: PlacedRule, request: PolicyRequest, ctx: PolicyContext, need: 'any' | 'all'): Match | undefined {
  if (r.rule.command !== undefined) return undefined;
  if (r.rule.path === undefined) return { rule: r };
  const files = request.files ?? (request.file !== undefined ? [request.file] : []);
  if (files.length === 0) return undefined;
  const found = files.map((f) => ({ f, pattern: matchPath(r.rule.path!, f, ctx.cwd ?? request.cwd) }));
  const hit = found.find((x) => x.pattern !== undefined);
  if (!hit || (need === 'all' && found.some((x) => x.pattern === undefined))) return undefined;
  return { rule: r, pattern: hit.pattern!, part: hit.f };
}
