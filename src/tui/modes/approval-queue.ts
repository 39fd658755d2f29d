/**
 * prefix a: the approval queue. Keeps the TUI's copy of the daemon's queue live from approval events (a decision taken
 * anywhere removes the item at once), rings the bell and shows a one-line banner when a request arrives, and answers
 * the queue's keys: j/k/arrows move, Enter opens the detail (approval-detail.ts), y allow once, A allow always (the
 * rule shown, scope chosen with Tab, Enter confirms), n deny with a typed message, N deny and interrupt the turn,
 * g go to the agent's pane, q/Esc close. The same decision keys work in the detail.
 */
import type { PaseoApi } from '../../core/api.js';
import type { AgentEvent, ApprovalEvent, ApprovalInfo } from '../../core/protocol.js';
import type { RuleScope } from '../../core/policy-types.js';
import { DisposableBase } from '../../core/disposable.js';
import { errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import { approvalColumns } from '../../core/approval-text.js';
import type { InputToken } from '../input/input-token.js';
import type { PromptState, TuiState } from '../state/tui-state.js';
import { ApprovalDetailMode } from './approval-detail.js';

const log = createLogger('tui');

export const DEFAULT_DENY_MESSAGE = 'denied in paseo';
const SCOPES: readonly RuleScope[] = ['agent', 'project', 'global'];
const SCOPE_TEXT: Record<RuleScope, string> = { agent: 'this agent', project: 'this project', global: 'everywhere' };

export interface ApprovalHost {
  readonly state: TuiState;
  update(patch: Partial<TuiState>): void;
  flash(message: string): void;
  /** Focus the agent's pane (g), bringing back an exited one. */
  focusAgent(agentId: string): void;
  /** One bell on the user's terminal. */
  bell(): void;
  /** The main area's width and height, for the detail's wrapping and paging. */
  mainSize(): { width: number; height: number };
}

type ApprovalPrompt = Extract<PromptState, { kind: 'deny-message' | 'always-rule' }>;

export function isApprovalPrompt(p: PromptState | undefined): p is ApprovalPrompt {
  return p?.kind === 'deny-message' || p?.kind === 'always-rule';
}

/** The status line while a queue prompt is open. */
export function approvalPromptText(p: ApprovalPrompt): string {
  if (p.kind === 'deny-message') return `deny with message (Enter sends, empty = "${DEFAULT_DENY_MESSAGE}", Esc cancels): ${p.text}▏`;
  const rule = p.error ? `cannot add a rule: ${p.error}` : (p.rule ?? '…');
  return `allow always: ${rule} · scope ${SCOPE_TEXT[p.scope]} (Tab) · Enter adds it and allows · Esc cancels`;
}

export class ApprovalQueueMode extends DisposableBase {
  readonly detail: ApprovalDetailMode;
  private loaded = false;

  constructor(
    private readonly api: PaseoApi,
    private readonly host: ApprovalHost,
  ) {
    super();
    this.detail = new ApprovalDetailMode(api, host);
    if (api.onDidChangeApproval) this.register(api.onDidChangeApproval((e) => this.apply(e)));
  }

  /** The daemon's queue, read again (start, reconnect); events keep it current afterwards. */
  async load(): Promise<void> {
    if (!this.api.listApprovals) return;
    const list = await this.api.listApprovals();
    this.loaded = true;
    this.setList(list);
  }

  /** An agent that went away takes its requests with it (its approvals are cancelled by the daemon too). */
  agentEvent(e: AgentEvent): void {
    if (e.kind === 'removed' && this.host.state.approvals.some((a) => a.agentId === e.agentId)) this.setList(this.host.state.approvals.filter((a) => a.agentId !== e.agentId));
  }

  open(): void {
    this.host.update({ dialog: { kind: 'approvals', selected: 0 } });
    if (!this.loaded) void this.load().catch((err: unknown) => this.host.flash(`cannot list approvals: ${errorMessage(err)}`));
  }

  /** Keys while the queue or the detail is open. */
  input(token: InputToken): void {
    if (token.kind !== 'key') return;
    const dialog = this.host.state.dialog;
    const name = token.name;
    if (dialog.kind === 'approval-detail') {
      const current = this.host.state.approvals.find((a) => a.id === dialog.requestId);
      if (current && this.decisionKey(name, current)) return;
      return this.detail.input(name, () => this.host.update({ dialog: { kind: 'approvals', selected: this.indexOf(dialog.requestId) } }));
    }
    if (dialog.kind !== 'approvals') return;
    const list = this.host.state.approvals;
    const selected = list[dialog.selected];
    if (name === 'q' || name === 'Escape') return this.host.update({ dialog: { kind: 'none' } });
    const step = name === 'j' || name === 'Down' ? 1 : name === 'k' || name === 'Up' ? -1 : 0;
    if (step) {
      if (list.length) this.host.update({ dialog: { kind: 'approvals', selected: Math.max(0, Math.min(list.length - 1, dialog.selected + step)) } });
      return;
    }
    if (!selected) return;
    if (name === 'Enter') return this.detail.open(selected.id);
    this.decisionKey(name, selected);
  }

  /** y / A / n / N / g on one request; true when the key was one of them. */
  private decisionKey(name: string, a: ApprovalInfo): boolean {
    switch (name) {
      case 'y':
        this.decide(a, { behavior: 'allow' }, false);
        return true;
      case 'A':
        this.startAlways(a);
        return true;
      case 'n':
        this.host.update({ prompt: { kind: 'deny-message', requestId: a.id, text: '' } });
        return true;
      case 'N':
        this.decide(a, { behavior: 'deny', message: DEFAULT_DENY_MESSAGE }, true);
        return true;
      case 'g':
        this.host.update({ dialog: { kind: 'none' } });
        this.host.focusAgent(a.agentId);
        return true;
      default:
        return false;
    }
  }

  /** Keys while a queue prompt (deny message, allow-always rule) owns the status line. */
  promptInput(token: InputToken): void {
    const prompt = this.host.state.prompt;
    if (!isApprovalPrompt(prompt)) return;
    const a = this.host.state.approvals.find((x) => x.id === prompt.requestId);
    if (token.kind === 'paste' && prompt.kind === 'deny-message') return this.host.update({ prompt: { ...prompt, text: prompt.text + token.text.replace(/[\r\n]+/g, ' ') } });
    if (token.kind !== 'key') return;
    const name = token.name;
    if (name === 'Escape') return this.host.update({ prompt: undefined });
    if (prompt.kind === 'deny-message') {
      if (name === 'Enter') {
        this.host.update({ prompt: undefined });
        if (a) this.decide(a, { behavior: 'deny', message: prompt.text.trim() || DEFAULT_DENY_MESSAGE }, false);
        return;
      }
      if (name === 'BSpace') return this.host.update({ prompt: { ...prompt, text: [...prompt.text].slice(0, -1).join('') } });
      // Printable keys only: the key's text (a letter, a space) is typed into the message.
      const ch = name === 'Space' ? ' ' : [...name].length === 1 ? name : '';
      if (ch) this.host.update({ prompt: { ...prompt, text: prompt.text + ch } });
      return;
    }
    if (name === 'Tab' || name === 'BTab') {
      const scope = SCOPES[(SCOPES.indexOf(prompt.scope) + (name === 'Tab' ? 1 : SCOPES.length - 1)) % SCOPES.length]!;
      this.host.update({ prompt: { kind: 'always-rule', requestId: prompt.requestId, scope } });
      if (a) void this.preview(a, scope);
      return;
    }
    if (name === 'Enter' && a && prompt.rule && !prompt.error) {
      this.host.update({ prompt: undefined });
      void this.addRuleAndAllow(a, prompt.scope);
    }
  }

  private startAlways(a: ApprovalInfo): void {
    if (!this.api.addPolicyRule) return this.host.flash('this daemon cannot add policy rules');
    if (a.source === 'screen') return this.host.flash('a screen ask has no rule to add: y or n');
    this.host.update({ prompt: { kind: 'always-rule', requestId: a.id, scope: 'agent' } });
    void this.preview(a, 'agent');
  }

  /** Asks the daemon which rule "allow always" would add (a dry run) and shows it. */
  private async preview(a: ApprovalInfo, scope: RuleScope): Promise<void> {
    try {
      const placed = await this.api.addPolicyRule!({ requestId: a.id, scope, dryRun: true });
      const p = this.host.state.prompt;
      if (p?.kind === 'always-rule' && p.requestId === a.id && p.scope === scope) this.host.update({ prompt: { ...p, rule: describeRule(placed.rule) } });
    } catch (err) {
      const p = this.host.state.prompt;
      if (p?.kind === 'always-rule' && p.requestId === a.id) this.host.update({ prompt: { ...p, error: errorMessage(err) } });
    }
  }

  private async addRuleAndAllow(a: ApprovalInfo, scope: RuleScope): Promise<void> {
    try {
      const placed = await this.api.addPolicyRule!({ requestId: a.id, scope });
      await this.api.decideApproval!(a.id, { behavior: 'allow' });
      this.removeLocally(a.id);
      this.host.flash(`allowed; rule added: ${describeRule(placed.rule)}`);
    } catch (err) {
      this.host.flash(`allow always failed: ${errorMessage(err)}`);
    }
  }

  private decide(a: ApprovalInfo, decision: { behavior: 'allow' } | { behavior: 'deny'; message: string }, interrupt: boolean): void {
    if (!this.api.decideApproval) return this.host.flash('this daemon has no approval queue');
    this.api.decideApproval(a.id, decision, interrupt ? { interrupt: true } : undefined).then(
      () => this.removeLocally(a.id),
      (err: unknown) => {
        // Decided elsewhere first, or no longer waiting: the item goes, with the reason.
        this.host.flash(errorMessage(err));
        if ((err as { code?: string }).code === 'not_pending' || (err as { code?: string }).code === 'not_found') this.removeLocally(a.id);
      },
    );
  }

  private apply(e: ApprovalEvent): void {
    if (e.kind === 'approval.decided') return this.removeLocally(e.requestId);
    if (this.host.state.approvals.some((a) => a.id === e.approval.id)) return;
    this.setList([...this.host.state.approvals, e.approval]);
    const c = approvalColumns(e.approval, Date.now());
    // Every attached TUI: one bell and a one-line banner naming who asks for what.
    this.host.bell();
    this.host.flash(`approval: ${c.agent} · ${c.tool} · ${c.summary}`);
    log.info('approval.shown', { requestId: e.approval.id, agentId: e.approval.agentId });
  }

  private removeLocally(requestId: string): void {
    if (!this.host.state.approvals.some((a) => a.id === requestId)) return;
    this.setList(this.host.state.approvals.filter((a) => a.id !== requestId));
  }

  /** Sets the list, keeping the selection and closing a detail or prompt whose request left. */
  private setList(list: ApprovalInfo[]): void {
    const approvals = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const { dialog, prompt } = this.host.state;
    const patch: Partial<TuiState> = { approvals };
    if (dialog.kind === 'approvals') patch.dialog = { kind: 'approvals', selected: Math.max(0, Math.min(dialog.selected, approvals.length - 1)) };
    if (dialog.kind === 'approval-detail' && !approvals.some((a) => a.id === dialog.requestId)) {
      const before = this.host.state.approvals.findIndex((a) => a.id === dialog.requestId);
      patch.dialog = { kind: 'approvals', selected: Math.max(0, Math.min(before, approvals.length - 1)) };
    }
    if (isApprovalPrompt(prompt) && !approvals.some((a) => a.id === prompt.requestId)) patch.prompt = undefined;
    this.host.update(patch);
  }

  private indexOf(requestId: string): number {
    return Math.max(0, this.host.state.approvals.findIndex((a) => a.id === requestId));
  }
}

/** A rule as one line: `allow Bash "git push *" for this agent`. */
export function describeRule(rule: { tool?: string; command?: string | string[]; path?: string | string[]; agent?: string; cwd?: string; action: string }): string {
  const what = [rule.tool, rule.command !== undefined ? `"${[rule.command].flat().join('" "')}"` : undefined, rule.path !== undefined ? `path ${[rule.path].flat().join(' ')}` : undefined].filter(Boolean).join(' ');
  const where = rule.agent ? ` for agent ${rule.agent.slice(0, 8)}` : rule.cwd ? ` in ${rule.cwd}` : ' everywhere';
  return `${rule.action} ${what || 'any tool'}${where}`;
}
