/**
 * The environment an agent starts from: the daemon's own, less what is the daemon's alone. An agent runs
 * model-driven commands, so it must never hold the daemon's credentials (PASEO_TOKEN, a remote client's admin
 * token) nor another agent's (PASEO_HOOK_SECRET, PASEO_AGENT_ID of an agent whose shell started this daemon).
 * What paseo gives an agent on purpose (its hook secret file, PASEO_AGENT_ID, user-given env) is added after this.
 */

/** Daemon-only variables: credentials, and per-process plumbing another process must not reuse. */
const DAEMON_ONLY = new Set(['PASEO_TOKEN', 'PASEO_HOOK_SECRET', 'PASEO_AGENT_ID', 'PASEO_READY_FD']);
/** Any other PASEO_* variable that by its name carries a secret. */
const SECRET_NAME = /^PASEO_.*(TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE)/i;

export function isDaemonOnlyEnv(name: string): boolean {
  return DAEMON_ONLY.has(name) || SECRET_NAME.test(name);
}

/** `inherited` (the daemon's process.env) without daemon-only variables, then `added` (set deliberately) on top. */
export function agentBaseEnv(inherited: NodeJS.ProcessEnv, added: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(inherited)) if (v !== undefined && !isDaemonOnlyEnv(k)) env[k] = v;
  return { ...env, ...added };
}
