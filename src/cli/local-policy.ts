/**
 * `paseo policy` and `paseo audit` without a daemon: the rules are read from config.json and the audit log from its
 * files under PASEO_HOME, exactly as the daemon reads them (the same modules). Layering: like local-providers.ts, one
 * of the few places the CLI loads supervisor code itself.
 */
export { readRuleSet } from '../supervisor/approvals/rule-store.js';
export { testPolicy } from '../supervisor/approvals/approval-policy.js';
export { readAudit, verifyAudit } from '../supervisor/approvals/audit-log.js';
