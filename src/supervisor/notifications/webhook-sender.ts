/**
 * One webhook's delivery: a bounded queue sent one at a time, each POST cut off after a timeout and retried with
 * doubling delays, then given up (logged). `push` never waits, so a slow or dead receiver never holds an agent,
 * the daemon, or another hook.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Webhooks } from '../../core/constants.js';
import type { Disposable } from '../../core/disposable.js';
import { errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import type { WebhookConfig } from './webhook-config.js';

const log = createLogger('webhooks');

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
  /** For the log: which agent and event. */
  label: string;
}

export interface SenderTiming {
  timeoutMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  queueMax: number;
}

export const DEFAULT_TIMING: SenderTiming = {
  timeoutMs: Webhooks.REQUEST_TIMEOUT_MS,
  retryBaseMs: Webhooks.RETRY_BASE_MS,
  maxAttempts: Webhooks.MAX_ATTEMPTS,
  queueMax: Webhooks.QUEUE_MAX,
};

export class WebhookSender implements Disposable {
  private readonly queue: WebhookRequest[] = [];
  private sending = false;
  private readonly stop = new AbortController();

  constructor(
    readonly hook: WebhookConfig,
    private readonly timing: SenderTiming = DEFAULT_TIMING,
  ) {}

  push(req: WebhookRequest): void {
    if (this.stop.signal.aborted) return;
    if (this.queue.length >= this.timing.queueMax) {
      const dropped = this.queue.shift()!;
      log.warn('webhook.dropped', { url: this.hook.url, label: dropped.label, reason: 'queue full' });
    }
    this.queue.push(req);
    void this.pump();
  }

  dispose(): void {
    this.stop.abort();
    this.queue.length = 0;
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    while (this.queue.length > 0 && !this.stop.signal.aborted) await this.deliver(this.queue.shift()!);
    this.sending = false;
  }

  private async deliver(req: WebhookRequest): Promise<void> {
    for (let attempt = 1; attempt <= this.timing.maxAttempts; attempt++) {
      try {
        const res = await fetch(this.hook.url, {
          method: 'POST',
          body: req.body,
          headers: req.headers,
          signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.timing.timeoutMs)]),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return void log.info('webhook.sent', { url: this.hook.url, label: req.label, attempt });
        throw new Error(`HTTP ${res.status}`);
      } catch (err) {
        if (this.stop.signal.aborted) return;
        const last = attempt === this.timing.maxAttempts;
        log.warn(last ? 'webhook.gave-up' : 'webhook.retry', { url: this.hook.url, label: req.label, attempt, error: errorMessage(err) });
        if (last) return;
        await this.sleep(this.timing.retryBaseMs * 2 ** (attempt - 1));
      }
    }
  }

  /** Ends early (quietly) when the sender is disposed; never holds the process open. */
  private sleep(ms: number): Promise<void> {
    return delay(ms, undefined, { signal: this.stop.signal, ref: false }).catch(() => undefined);
  }
}
