/** PASEO_HOME/config.json through `conf`, with a schema; a bad file is a ConfigError, never a crash or a silent reset. */
import Conf from 'conf';
import { ConfigError, errorMessage } from '../core/errors.js';
import { Defaults } from '../core/constants.js';
import { notificationsSchema, readWebhooks, type WebhookConfig } from './notifications/webhook-config.js';

export interface PaseoConfig {
  /** Lines of history each agent's headless terminal keeps and saves. */
  scrollbackLines: number;
  /** Provider used when `createAgent` names none. */
  defaultProvider: string;
  /** Custom adapters: provider name → module path (relative to PASEO_HOME or absolute). */
  adapters: Record<string, string>;
  listen: string;
  /** Agents get paseo's MCP server in their CLI settings (config `mcp.inject`, default true). */
  mcpInject: boolean;
  /** config `notifications.webhooks`, defaults filled in. */
  webhooks: WebhookConfig[];
}

const schema = {
  scrollbackLines: { type: 'integer', minimum: 0, maximum: 1_000_000, default: Defaults.SCROLLBACK_LINES },
  defaultProvider: { type: 'string', minLength: 1, default: 'shell' },
  adapters: { type: 'object', additionalProperties: { type: 'string', minLength: 1 }, default: {} },
  listen: { type: 'string', minLength: 1, default: Defaults.LISTEN },
  mcp: { type: 'object', properties: { inject: { type: 'boolean' } }, default: {} },
  // Only the outline here: each rule is checked by approvals/rule-store.ts, which names a bad one by its position
  // (a schema error would refuse the whole file, with a less useful message).
  approvals: { type: 'object', properties: { rules: { type: 'array' }, defaults: { type: 'boolean' } } },
  notifications: notificationsSchema,
} as const;

/** Reads (creating with defaults when absent) and validates config.json under `home`. */
export function loadConfig(home: string): PaseoConfig {
  let conf: Conf<PaseoConfig>;
  try {
    conf = new Conf<PaseoConfig>({
      cwd: home,
      configName: 'config',
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- conf's schema type is stricter than JSON Schema literals
      schema: schema as any,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      configFileMode: 0o600,
    });
  } catch (err) {
    throw new ConfigError(`invalid ${home}/config.json: ${errorMessage(err)}`, { file: `${home}/config.json` });
  }
  return {
    scrollbackLines: conf.get('scrollbackLines'),
    defaultProvider: conf.get('defaultProvider'),
    adapters: { ...conf.get('adapters') },
    listen: conf.get('listen'),
    mcpInject: (conf.get('mcp' as keyof PaseoConfig) as { inject?: boolean } | undefined)?.inject !== false,
    webhooks: readWebhooks(conf.get('notifications' as keyof PaseoConfig)),
  };
}
