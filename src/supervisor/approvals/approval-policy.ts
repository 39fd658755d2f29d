/**
 * The policy side of approvals, as the supervisor wires it: rules in force (rule-store), the pure engine, and the
 * audit log — the hook asks `decide`, requests decided without a person are recorded here, and every queued request's
 * arrival and decision is recorded from the broker's changes. Also `policy.*` / `audit.*` for clients.
 */
import type { ApprovalDecision, ApprovalRequestInput } from '../../core/adapter.js';
import type { ApprovalActor } from '../../core/api.js';
import type { AgentMode } from '../../core/agent.js';
import { type Disposable } from '../../core/disposable.js';
import { NotFoundError, PaseoError } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import type { AddRuleInput, AuditHow, AuditLine, AuditReadOptions, AuditVerifyResult, PlacedRule, PolicyListing, PolicyRule, PolicyTestInput, PolicyTestResult } from '../../core/policy-types.js';
import type { ApprovalBroker, ApprovalChange, ApprovalRequest } from '../approval-broker.js';
import { AuditLog, readAudit, verifyAudit } from './audit-log.js';
import { contentHash } from './content-hash.js';
import { type PolicyDecision, evaluatePolicy } from './policy-engine.js';
import { toolKind } from './policy-rules.js';
import { RuleStore } from './rule-store.js';
import { splitShell } from './shell-split.js';

const log = createLogger('policy');

/** The agent a request comes from, as the rules scope it. */
export interface PolicySubject {
  agentId: string;
  provider?: string;
  cwd?: string;
  mode?: AgentMode;
}

/** How the supervisor's agents look to the policy (for scopes given by agent id, and provider names in the log). */
export interface PolicyAgents {
  subject(agentId: string): PolicySubject | undefined;
}

export class ApprovalPolicy implements Disposable {
  readonly rules: RuleStore;
  readonly audit: AuditLog;

  constructor(
    private readonly home: string,
    private readonly agents: PolicyAgents,
  ) {
    this.rules = new RuleStore(home);
    this.audit = new AuditLog(home);
  }

  /** What the rules and the agent's mode say about a request. */
  decide(subject: PolicySubject, request: ApprovalRequestInput): PolicyDecision {
    const set = this.rules.current();
    return evaluatePolicy(set.rules, requestOf(request), subject, { problems: set.problems.map((p) => p.message) });
  }

  /** A request decided without a person (a rule or the mode): one audit line, not waited for. */
  recordDecided(subject: PolicySubject, request: ApprovalRequestInput, d: PolicyDecision, message?: string): void {
    const how: AuditHow =
      d.by === 'mode'
        ? { by: 'mode', mode: subject.mode ?? 'default', ...(d.rule ? { rule: d.rule.label } : {}) }
        : { by: 'rule', rule: d.rule?.label ?? 'none', source: d.rule?.source ?? 'config', position: d.rule?.position ?? 0 };
    void this.audit
      .append({
        kind: 'decision',
        agentId: subject.agentId,
        ...(subject.provider ? { provider: subject.provider } : {}),
        tool: request.tool,
        contentHash: contentHash(subject.agentId, request),
        summary: summarize(request),
        outcome: d.action === 'deny' ? 'deny' : 'allow',
        how,
        ...(message !== undefined ? { message } : {}),
      })
      .catch(() => {});
  }

  /** A person answered an agent's own on-screen prompt (no hook: Aider's yes/no) from the queue: audited like a hook request's. */
  recordScreenDecision(ask: ApprovalRequestInput & { id: string; agentId: string }, decision: ApprovalDecision, actor?: ApprovalActor): void {
    void this.audit
      .append({
        kind: 'decision',
        requestId: ask.id,
        agentId: ask.agentId,
        ...this.providerOf(ask.agentId),
        tool: ask.tool,
        contentHash: contentHash(ask.agentId, ask),
        summary: summarize(ask),
        outcome: decision.behavior,
        how: { by: 'human', client: { kind: actor?.kind ?? 'local', ...(actor?.label ? { label: actor.label } : {}) } },
        ...(decision.behavior === 'deny' ? { message: decision.message } : {}),
      })
      .catch(() => {});
  }

  /** Records every queued request when it arrives and when it is decided, timed out or cancelled. */
  watch(broker: ApprovalBroker): Disposable {
    return broker.onDidChange((c) => this.onChange(broker, c));
  }

  private onChange(broker: ApprovalBroker, c: ApprovalChange): void {
    const request = c.kind === 'added' ? broker.get(c.requestId) : c.request;
    if (!request) return;
    const base = {
      requestId: c.requestId,
      agentId: c.agentId,
      ...this.providerOf(c.agentId),
      tool: request.tool,
      contentHash: request.contentHash,
      summary: summarize(request),
    };
    if (c.kind === 'added') {
      void this.audit.append({ kind: 'request', ...base }).catch(() => {});
      return;
    }
    void this.audit
      .append({
        kind: 'decision',
        ...base,
        outcome: c.decision.behavior,
        how: howOf(c),
        ...(c.decision.behavior === 'deny' ? { message: c.decision.message } : {}),
      })
      .catch(() => {});
  }

  private providerOf(agentId: string): { provider?: string } {
    const provider = this.agents.subject(agentId)?.provider;
    return provider ? { provider } : {};
  }

  // ---- for clients ----

  list(): PolicyListing {
    const set = this.rules.current();
    return { rules: set.rules, problems: set.problems, disabledDefaults: set.disabledDefaults };
  }

  test(input: PolicyTestInput): PolicyTestResult {
    return testPolicy(this.list(), input, input.agentId !== undefined ? this.agents.subject(input.agentId) : undefined);
  }

  /** "Allow always": the rule from a pending request as shown (or given whole), scoped, appended to config.json. */
  async addRule(input: AddRuleInput, pending: (id: string) => ApprovalRequest | undefined): Promise<PlacedRule> {
    let rule: PolicyRule;
    let agentId = input.agentId;
    if (input.requestId !== undefined) {
      const request = pending(input.requestId);
      if (!request) throw new NotFoundError(`no pending approval ${input.requestId}`, { requestId: input.requestId });
      if (input.contentHash !== undefined && input.contentHash !== request.contentHash) {
        throw new PaseoError('invalid_state', `request ${input.requestId} is not the content that was shown (its content hash differs)`, { requestId: input.requestId });
      }
      rule = ruleFromRequest(request);
      agentId ??= request.agentId;
    } else if (input.rule) rule = { ...input.rule };
    else throw new PaseoError('bad_request', 'policy.addRule needs a requestId or a rule');
    if (input.scope !== 'global') {
      const subject = agentId !== undefined ? this.agents.subject(agentId) : undefined;
      if (!subject) throw new PaseoError('bad_request', `scope ${input.scope} needs the agent it is for (agentId)`);
      if (input.scope === 'agent') rule.agent = subject.agentId;
      else if (subject.cwd) rule.cwd = subject.cwd;
    }
    if (input.dryRun) return { rule, source: 'config', position: 0, label: 'new rule' };
    return this.rules.addRule(rule);
  }

  readAudit(opts: AuditReadOptions = {}): AuditLine[] {
    const since = opts.since !== undefined ? new Date(opts.since) : undefined;
    if (since && Number.isNaN(since.getTime())) throw new PaseoError('bad_request', `since must be a time (got ${opts.since})`);
    return readAudit(this.home, { ...(opts.tail !== undefined ? { tail: opts.tail } : {}), ...(opts.agentId ? { agentId: opts.agentId } : {}), ...(since ? { since } : {}) });
  }

  async verifyAudit(): Promise<AuditVerifyResult> {
    await this.audit.flush();
    return verifyAudit(this.home);
  }

  dispose(): void {
    void this.audit.close().catch((err: unknown) => log.warn('audit.close-failed', { error: String(err) }));
  }
}

/** `policy test` over a listing (the daemon's or one read from config.json): no I/O. */
export function testPolicy(listing: PolicyListing, input: PolicyTestInput, agent?: PolicySubject): PolicyTestResult {
  const tool = input.tool ?? (input.command !== undefined ? 'Bash' : input.path !== undefined ? 'Edit' : 'Bash');
  const request = { tool, ...(input.command !== undefined ? { command: input.command } : {}), ...(input.path !== undefined ? { file: input.path } : {}) };
  const subject: PolicySubject = {
    agentId: input.agentId ?? agent?.agentId ?? '',
    ...(input.provider ?? agent?.provider ? { provider: input.provider ?? agent?.provider } : {}),
    ...(input.cwd ?? agent?.cwd ? { cwd: input.cwd ?? agent?.cwd } : {}),
    ...(input.mode ?? agent?.mode ? { mode: input.mode ?? agent?.mode } : {}),
  };
  const d = evaluatePolicy(listing.rules, requestOf(request), subject, { problems: listing.problems.map((p) => p.message) });
  const parts = toolKind(tool) === 'shell' && input.command !== undefined ? splitShell(input.command).map((p) => p.text) : undefined;
  return { ...d, ...(parts ? { parts } : {}), problems: listing.problems };
}

function requestOf(r: ApprovalRequestInput): { tool: string; command?: string; file?: string; files?: string[]; cwd?: string } {
  return {
    tool: r.tool,
    ...(r.command !== undefined ? { command: r.command } : {}),
    ...(r.file !== undefined ? { file: r.file } : {}),
    ...(r.files !== undefined ? { files: r.files } : {}),
    ...(r.cwd !== undefined ? { cwd: r.cwd } : {}),
  };
}

function howOf(c: Extract<ApprovalChange, { kind: 'decided' }>): AuditHow {
  switch (c.by) {
    case 'user':
      return { by: 'human', client: { kind: c.actor?.kind ?? 'local', ...(c.actor?.label ? { label: c.actor.label } : {}) } };
    case 'timeout':
      return { by: 'timeout', seconds: Math.round((c.timeoutMs ?? 0) / 1000) };
    case 'cancel':
      switch (c.cause) {
        case 'agent-exited':
          return { by: 'agent-exited' };
        case 'daemon-stopping':
          return { by: 'daemon-stopping' };
        case 'turn-ended':
          return { by: 'turn-ended' };
        default:
          return { by: 'hook-gave-up' };
      }
  }
}

/** One line for the log: the adapter's summary, else the command or the file. */
export function summarize(r: ApprovalRequestInput): string {
  if (r.summary) return r.summary;
  if (r.command !== undefined) return `$ ${r.command.split('\n')[0]}${r.command.includes('\n') ? ' …' : ''}`;
  if (r.file !== undefined) return `${r.content !== undefined ? 'write' : 'edit'} ${r.file}`;
  return r.tool;
}

/**
 * The allow rule "allow always" adds for a request as it was shown: its tool and, for a command, the prefix of each
 * part (program and subcommand: `npm test`, `git log`); for a file, the file itself.
 */
export function ruleFromRequest(r: ApprovalRequestInput): PolicyRule {
  const rule: PolicyRule = { tool: r.tool, action: 'allow' };
  if (toolKind(r.tool) === 'shell' && r.command !== undefined) {
    const prefixes = [...new Set(splitShell(r.command).map((p) => commandPrefix(p.words)).filter((p) => p !== ''))];
    rule.command = prefixes.length === 1 ? prefixes[0]! : prefixes;
  } else {
    const files = r.files ?? (r.file !== undefined ? [r.file] : []);
    if (files.length > 0) rule.path = files.length === 1 ? files[0]! : files;
  }
  return rule;
}

function commandPrefix(words: readonly string[]): string {
  const [program, sub] = words;
  if (!program) return '';
  return sub !== undefined && /^[a-z][a-z0-9:_-]*$/i.test(sub) ? `${program} ${sub}` : program;
}
