/** `policy.*` (rules in force, test a request, "allow always") and `audit.*` (read, verify the chain). */
import { AGENT_MODES } from '../../core/agent.js';
import type { ApprovalActor, SupervisorService } from '../../core/api.js';
import { PaseoError } from '../../core/errors.js';
import { POLICY_ACTIONS, type PolicyRule } from '../../core/policy-types.js';
import type { ConnectionScope } from '../method-table.js';
import { compact, type ParamReader } from '../param-reader.js';
import { needMethod } from './need-method.js';

const need = <T>(method: T | undefined, what: string): T => needMethod(method, `has no ${what}`);

/** Who a connection speaks for, as a decision's actor: its client kind and name, and a paired device's label and role. */
export function actorOf(scope: ConnectionScope): ApprovalActor {
  const p = scope.principal;
  const device = p?.kind === 'device' ? { deviceId: p.deviceId, label: p.label } : {};
  return compact({ kind: scope.client?.kind ?? 'unknown', label: scope.client?.name, ...device, role: p?.role });
}

/** A rule given whole in params: checked again by the rule store; here only its shape as an object. */
function readRule(p: ParamReader): PolicyRule | undefined {
  const raw = p.optObject('rule');
  if (raw === undefined) return undefined;
  const action = raw.action ?? 'allow';
  if (!POLICY_ACTIONS.includes(action as never)) throw new PaseoError('bad_request', 'policy.addRule: rule.action must be allow, ask or deny');
  return { ...raw, action } as PolicyRule;
}

export const policyMethods = {
  'policy.list': {
    role: 'viewer' as const,
    run: async (_p: ParamReader, s: SupervisorService) => need(s.listPolicy?.bind(s), 'policy rules')(),
  },
  'policy.test': {
    role: 'viewer' as const,
    run: async (p: ParamReader, s: SupervisorService) =>
      need(s.testPolicy?.bind(s), 'policy rules')(
        compact({
          tool: p.optString('tool'),
          command: p.optString('command'),
          path: p.optString('path'),
          agentId: p.optString('agentId'),
          provider: p.optString('provider'),
          cwd: p.optString('cwd'),
          mode: p.optOneOf('mode', AGENT_MODES),
        }),
      ),
  },
  // Adding a rule changes what runs without asking: an approver's right, like deciding.
  'policy.addRule': {
    role: 'approver' as const,
    run: async (p: ParamReader, s: SupervisorService) =>
      need(s.addPolicyRule?.bind(s), 'policy rules')(
        compact({
          requestId: p.optString('requestId'),
          contentHash: p.optString('contentHash'),
          rule: readRule(p),
          scope: p.oneOf('scope', ['agent', 'project', 'global'] as const),
          agentId: p.optString('agentId'),
          dryRun: p.optBool('dryRun'),
        }),
      ),
  },
  'audit.read': {
    role: 'viewer' as const,
    run: async (p: ParamReader, s: SupervisorService) =>
      need(s.readAudit?.bind(s), 'audit log')(compact({ tail: p.optInt('tail', 0, 10_000_000), agentId: p.optString('agentId'), since: p.optString('since') })),
  },
  'audit.verify': {
    role: 'viewer' as const,
    run: async (_p: ParamReader, s: SupervisorService) => need(s.verifyAudit?.bind(s), 'audit log')(),
  },
};
