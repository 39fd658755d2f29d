/** Policy rules and the audit log as clients see them (`policy.*`, `audit.*` methods; `paseo policy`, `paseo audit`). */
import type { AgentMode } from './agent.js';

export const POLICY_ACTIONS = ['allow', 'ask', 'deny'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** One rule of config.json's `approvals.rules` (README "Policy rules"). */
export interface PolicyRule {
  /** Default rules have one (`rm-rf`); a config rule may name itself. */
  id?: string;
  /** A tool name as the CLI reports it (`run_shell_command`) or its common name (`Bash`); `|` separates several; globs. */
  tool?: string;
  /** Command globs (`*` crosses spaces and slashes); a pattern matches a command or the first words of one. */
  command?: string | string[];
  /** Path globs, relative to the agent's cwd unless absolute; for shell commands, the files a redirection writes. */
  path?: string | string[];
  action: PolicyAction;
  /** Scopes: the agent's provider (`claude`), a project directory (the agent's cwd is it or under it), an agent id. */
  provider?: string;
  cwd?: string;
  agent?: string;
  /** An ask waits this long for a person, then is denied (never allowed); at most the CLI's own hook deadline allows. */
  timeoutSeconds?: number;
  /** What the rule is for (default rules say it; `policy ls` shows it). */
  description?: string;
}

/** A rule where it applies from: its source and 1-based position in the order rules are listed. */
export interface PlacedRule {
  rule: PolicyRule;
  source: 'config' | 'default';
  /** 1-based place in the combined list (config rules first, then defaults). */
  position: number;
  /** `config #2` (approvals.rules[1]) or `default rm-rf`. */
  label: string;
}

/** A rule config.json holds that cannot be used, by its position: never silently ignored. */
export interface RuleProblem {
  /** 0-based index into approvals.rules (-1: the approvals object itself). */
  index: number;
  message: string;
}

export interface PolicyListing {
  rules: PlacedRule[];
  problems: RuleProblem[];
  /** Default rules config turned off (by id). */
  disabledDefaults: string[];
}

/** A request to try against the rules (`paseo policy test`). */
export interface PolicyTestInput {
  /** Default Bash when a command is given, else Edit when a path is. */
  tool?: string;
  command?: string;
  path?: string;
  /** Scopes: an agent (its provider, cwd and mode are used unless given), or each given alone. */
  agentId?: string;
  provider?: string;
  cwd?: string;
  mode?: AgentMode;
}

/** What the policy engine (supervisor/approvals/policy-engine.ts) decided for a request, and why. */
export interface PolicyDecision {
  action: PolicyAction;
  /** rule: a rule decided; unmatched: no rule did (ask); mode: the agent's mode decided (plan, full-access, accept-edits). */
  by: 'rule' | 'unmatched' | 'mode';
  /** The deciding rule (for an allow of a compound command, the rule that allowed its first part). */
  rule?: PlacedRule;
  /** The pattern of that rule that matched. */
  pattern?: string;
  /** The part of a compound command that decided. */
  part?: string;
  /** One line: why. */
  reason: string;
  /** How long an ask waits for a person before it is denied (the rule's timeoutSeconds, else the default). */
  timeoutMs: number;
}

export interface PolicyTestResult extends PolicyDecision {
  /** The simple commands the command was split into. */
  parts?: string[];
  /** Bad rules in config (an allow by rule is then an ask). */
  problems: RuleProblem[];
}

/** Where an "allow always" rule applies: this agent, this project (the agent's cwd), or everywhere. */
export type RuleScope = 'agent' | 'project' | 'global';

/**
 * `policy.addRule`: an allow rule from a pending request as it was shown (`requestId`: its tool plus a command prefix or
 * its file), or a rule given whole. `dryRun` returns the rule without saving it (to show before confirming).
 */
export interface AddRuleInput {
  requestId?: string;
  /** With requestId: refused when the request's content hash differs (it is not what was shown). */
  contentHash?: string;
  rule?: PolicyRule;
  scope: RuleScope;
  /** For scope agent/project with a rule given whole: the agent it is for. */
  agentId?: string;
  dryRun?: boolean;
}

/** How a request was decided, in the audit log. */
export type AuditHow =
  | { by: 'human'; client: { kind: string; label?: string } }
  | { by: 'rule'; rule: string; source: 'config' | 'default'; position: number }
  | { by: 'mode'; mode: string; rule?: string }
  | { by: 'timeout'; seconds: number }
  | { by: 'agent-exited' }
  | { by: 'daemon-stopping' }
  | { by: 'turn-ended' }
  | { by: 'hook-gave-up' }
  | { by: 'same-call'; requestId?: string };

export interface AuditEntry {
  /** request: queued for a person; decision: its outcome (or a rule's, for a request that never queued). */
  kind: 'request' | 'decision';
  requestId?: string;
  agentId: string;
  provider?: string;
  tool: string;
  contentHash: string;
  summary: string;
  outcome?: 'allow' | 'deny';
  how?: AuditHow;
  /** A deny's message, as the agent saw it. */
  message?: string;
}

export interface AuditLine extends AuditEntry {
  seq: number;
  at: string;
  prev: string;
  hash: string;
}

export interface AuditReadOptions {
  /** The last N lines (after the other filters). */
  tail?: number;
  /** An agent id or its prefix. */
  agentId?: string;
  /** ISO time: only lines at or after it. */
  since?: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Lines checked. */
  lines: number;
  /** The first line found changed, removed or out of order: file name, 1-based line in it, and what is wrong. */
  firstBad?: { file: string; line: number; seq?: number; problem: string };
  /** Rotated files older than the oldest kept were deleted: the chain is checked from this seq. */
  startsAtSeq?: number;
}
