/** `config.json` `notifications.webhooks`: where to POST when an agent finishes, needs permission or fails. */

export const WEBHOOK_EVENTS = ['finished', 'permission', 'error'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookConfig {
  url: string;
  /** Which events it gets (default all). */
  events: WebhookEvent[];
  /** ntfy: body = message, headers Title/Tags/Priority (ntfy.sh, Gotify-style receivers); json: one JSON object. */
  format: 'ntfy' | 'json';
  /** Add the last lines of the agent's screen (sanitized): off by default, agent output may hold secrets. */
  includeText: boolean;
}

/** The JSON Schema conf checks `notifications` against. */
export const notificationsSchema = {
  type: 'object',
  properties: {
    webhooks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['url'],
        properties: {
          url: { type: 'string', pattern: '^https?://' },
          events: { type: 'array', items: { enum: [...WEBHOOK_EVENTS] } },
          format: { enum: ['ntfy', 'json'] },
          includeText: { type: 'boolean' },
        },
      },
    },
  },
  default: {},
} as const;

/** The configured hooks with defaults filled in. */
export function readWebhooks(raw: unknown): WebhookConfig[] {
  const hooks = (raw as { webhooks?: Array<Partial<WebhookConfig>> } | undefined)?.webhooks ?? [];
  return hooks.map((h) => ({
    url: h.url!,
    events: h.events && h.events.length > 0 ? [...h.events] : [...WEBHOOK_EVENTS],
    format: h.format ?? 'ntfy',
    includeText: h.includeText === true,
  }));
}
