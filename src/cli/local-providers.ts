/**
 * `paseo provider ls` without a daemon: the adapters are detected in this process, with this environment — the one a
 * daemon started from here would have (it inherits it). The one place the CLI loads adapters itself (layering: the
 * CLI is otherwise only a client); custom adapters come from the home's config as the daemon would load them.
 */
import type { ProviderInfo } from '../core/protocol.js';
import { AdapterRegistry, describeProviders } from '../../adapters/registry.js';
import { loadConfig } from '../supervisor/config-store.js';
import { agentBaseEnv } from '../supervisor/agent-env.js';

export async function detectProvidersLocally(home: string): Promise<ProviderInfo[]> {
  const registry = new AdapterRegistry(home, loadConfig(home).adapters);
  return describeProviders(registry, agentBaseEnv(process.env));
}
