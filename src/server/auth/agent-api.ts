/**
 * What an agent acting through MCP may reach of the daemon's API: an operator's reach, never an approver's. It can
 * create, prompt and stop agents, and read the queue, but `decideApproval` and `addPolicyRule` are simply absent, so
 * no tool, present or future, can let an agent approve its own (or another agent's) request.
 */
const APPROVER_ONLY = new Set<PropertyKey>(['decideApproval', 'addPolicyRule', 'shutdown']);

export function agentApi<T extends object>(service: T): T {
  return new Proxy(service, {
    get(target, prop, receiver) {
      if (APPROVER_ONLY.has(prop)) return undefined;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    has(target, prop) {
      return !APPROVER_ONLY.has(prop) && Reflect.has(target, prop);
    },
  });
}
