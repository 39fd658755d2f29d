/**
 * The per-agent `--settings` file: hooks that report status to the daemon and gate tools.
 *
 * PreToolUse is a *command* hook through the `paseo hook` relay, not an http hook: Claude treats an http hook
 * that cannot connect, or any hook that times out, as a non-blocking error and runs the tool (real-agents.md,
 * "Fail-open"). The relay exits 2 with a deny when the daemon is down or slow, which Claude does block on, and
 * it answers RELAY_MARGIN_MS before Claude's own timeout. Status hooks are http (no process per call); losing
 * one only costs a status update. PermissionRequest is http too: if it fails, Claude's own dialog stays in the
 * pane for the human, which is still closed. SessionStart must be a command (http is skipped for it).
 */
import type { AgentMode, } from '../../src/core/agent.js';
import type { LaunchContext } from '../../src/core/adapter.js';
import { Adapters } from '../../src/core/constants.js';
import { relayCommandLine } from '../common/relay-command.js';

/**
 * Tools whose call goes through paseo's gate, per mode. Reads are Claude's own business (it allows them in cwd).
 * The same in every mode: accept-edits and full-access ask less (the policy allows edits, or everything, at once),
 * but a deny rule must still stop the call.
 */
export function gatedTools(_mode: AgentMode): string {
  return 'Bash|Write|Edit|MultiEdit|NotebookEdit';
}

export function claudeSettings(ctx: LaunchContext): Record<string, unknown> {
  const http = (event: string, timeout: number) => ({
    type: 'http',
    url: `${ctx.hook.url}/${event}`,
    timeout,
    headers: { 'x-paseo-hook-secret': ctx.hook.secret },
  });
  const status = Adapters.STATUS_HOOK_TIMEOUT_S;
  const hooks: Record<string, unknown[]> = {
    UserPromptSubmit: [{ hooks: [http('UserPromptSubmit', status)] }],
    Stop: [{ hooks: [http('Stop', status)] }],
    Notification: [{ hooks: [http('Notification', status)] }],
    PermissionRequest: [{ matcher: '*', hooks: [http('PermissionRequest', Adapters.APPROVAL_HOOK_TIMEOUT_S)] }],
    SessionStart: [{ hooks: [{ type: 'command', command: relayCommandLine(ctx, 'SessionStart', { fail: 'open' }), timeout: status }] }],
  };
  const gate = gatedTools(ctx.mode);
  if (gate) {
    const timeoutMs = Adapters.APPROVAL_HOOK_TIMEOUT_S * 1000 - Adapters.RELAY_MARGIN_MS;
    hooks.PreToolUse = [
      { matcher: gate, hooks: [{ type: 'command', command: relayCommandLine(ctx, 'PreToolUse', { fail: 'closed', timeoutMs }), timeout: Adapters.APPROVAL_HOOK_TIMEOUT_S }] },
    ];
  }
  // Full access was chosen when the agent was created: without this Claude stops on its "Bypass Permissions mode"
  // warning, whose default answer is "No, exit" (and the typed prompt would answer it). Read from --settings.
  return ctx.mode === 'full-access' ? { hooks, skipDangerousModePermissionPrompt: true } : { hooks };
}
