/**
 * Agent events → webhooks: when an agent's attention turns to finished, permission or error, each hook that wants
 * that event gets a message (ntfy headers or a JSON body). Only builds and enqueues; never awaits a receiver.
 */
import type { AgentRecord, Attention } from '../../core/agent.js';
import type { PaseoApi } from '../../core/api.js';
import { Mcp, Webhooks } from '../../core/constants.js';
import type { Disposable } from '../../core/disposable.js';
import { errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import { sanitizeLine, sanitizeText } from '../../core/sanitize.js';
import type { WebhookConfig } from './webhook-config.js';
import { DEFAULT_TIMING, WebhookSender, type SenderTiming, type WebhookRequest } from './webhook-sender.js';

const log = createLogger('webhooks');

type Api = Pick<PaseoApi, 'onDidChangeAgent' | 'readLogs' | 'listApprovals'>;

const TAGS: Record<Attention, string> = { finished: 'white_check_mark', permission: 'warning', error: 'x' };
/** ntfy priorities: 3 default, 4 high (the user is needed to go on). */
const PRIORITY: Record<Attention, string> = { finished: '3', permission: '4', error: '4' };

export class WebhookNotifier implements Disposable {
  private readonly senders: WebhookSender[];
  private readonly last = new Map<string, Attention | undefined>();
  private readonly sub: Disposable;
  /** Messages are built in event order (a permission's needs a lookup, a finish's none): receivers get them in order too. */
  private building: Promise<void> = Promise.resolve();

  constructor(
    hooks: WebhookConfig[],
    private readonly api: Api,
    timing: SenderTiming = DEFAULT_TIMING,
  ) {
    this.senders = hooks.map((h) => new WebhookSender(h, timing));
    this.sub = api.onDidChangeAgent((e) => {
      if (e.kind === 'removed') return void this.last.delete(e.agentId);
      const prev = this.last.get(e.agent.id);
      this.last.set(e.agent.id, e.agent.attention);
      const event = e.agent.attention;
      if (e.kind !== 'changed' || !event || event === prev) return;
      const wanted = this.senders.filter((s) => s.hook.events.includes(event));
      if (wanted.length > 0) this.building = this.building.then(() => this.notify(e.agent, event, wanted));
    });
  }

  dispose(): void {
    this.sub.dispose();
    for (const s of this.senders) s.dispose();
  }

  private async notify(agent: AgentRecord, event: Attention, senders: WebhookSender[]): Promise<void> {
    try {
      const message = await this.message(agent, event);
      const text = senders.some((s) => s.hook.includeText) ? await this.screenText(agent.id) : undefined;
      for (const s of senders) s.push(request(s.hook, agent, event, message, s.hook.includeText ? text : undefined));
    } catch (err) {
      log.warn('webhook.build-failed', { agentId: agent.id, event, error: errorMessage(err) });
    }
  }

  private async message(agent: AgentRecord, event: Attention): Promise<string> {
    const title = sanitizeLine(agent.title);
    if (event === 'finished') return `"${title}" finished`;
    if (event === 'error') return `"${title}" failed${agent.statusDetail ? `: ${sanitizeLine(agent.statusDetail)}` : ''}`;
    const asks = this.api.listApprovals ? (await this.api.listApprovals()).filter((a) => a.agentId === agent.id) : [];
    const what = asks.map((a) => sanitizeLine(`${a.tool}${a.command ? `: ${a.command}` : a.file ? ` ${a.file}` : ''}`)).join(', ');
    return `"${title}" needs permission${what ? ` for ${what}` : ''}`;
  }

  private async screenText(agentId: string): Promise<string> {
    const raw = await this.api.readLogs(agentId, { tail: Mcp.ANSWER_TAIL_LINES }).catch(() => '');
    const lines = sanitizeText(raw).split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
    const text = lines.join('\n');
    return text.length > Webhooks.TEXT_MAX_CHARS ? text.slice(text.length - Webhooks.TEXT_MAX_CHARS) : text;
  }
}

function request(hook: WebhookConfig, agent: AgentRecord, event: Attention, message: string, text: string | undefined): WebhookRequest {
  const label = `${agent.id} ${event}`;
  if (hook.format === 'json') {
    const body = {
      event,
      message,
      agent: { id: agent.id, title: agent.title, provider: agent.provider, cwd: agent.cwd, status: agent.status },
      at: new Date().toISOString(),
      ...(text !== undefined ? { text } : {}),
    };
    return { label, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  }
  return {
    label,
    body: text ? `${message}\n\n${text}` : message,
    headers: { 'content-type': 'text/plain; charset=utf-8', Title: headerValue(`paseo: ${sanitizeLine(agent.title)}`), Tags: TAGS[event], Priority: PRIORITY[event] },
  };
}

/** HTTP headers carry Latin-1 only: anything else goes as RFC 2047 UTF-8 (which ntfy decodes). */
function headerValue(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}
