/** `paseo provider ls [--json]`: which agent CLIs are installed, where, which version, models and modes. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import type { ProviderInfo } from '../../core/protocol.js';
import { PaseoError } from '../../core/errors.js';

/** The daemon's answer when one runs (its environment starts the agents), else detected here. */
async function providers(ctx: CommandContext): Promise<ProviderInfo[]> {
  try {
    return await (await ctx.api()).listProviders();
  } catch (err) {
    if (!(err instanceof PaseoError) || err.code !== 'daemon_not_running') throw err;
    const { detectProvidersLocally } = await import('../local-providers.js');
    return detectProvidersLocally(ctx.globals().home);
  }
}

export function installState(p: ProviderInfo): string {
  if (!p.installed) return `not installed${p.reason ? ` (${p.reason})` : ''}`;
  const what = p.devCopy ? "installed (paseo's dev copy)" : (p.version ?? 'installed');
  return [what, p.devCopy ? p.version : undefined, p.binary].filter(Boolean).join('  ');
}

export function register(program: Command, ctx: CommandContext): void {
  const provider = program.command('provider').description('agent providers (claude, codex, gemini, opencode, aider, shell, command, custom)');
  provider
    .command('ls')
    .description('installed?, binary, version, models and modes of every provider (works without a daemon)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const list = await providers(ctx);
      if (opts.json || ctx.globals().json) return ctx.json(list);
      for (const p of list) {
        ctx.out(`${p.name.padEnd(10)} ${p.displayName.padEnd(14)} ${installState(p)}`);
        if (p.models.length) ctx.out(`           models: ${p.models.join(', ')}  (use ${p.name}/<model>)`);
        if (p.modes.length) ctx.out(`           modes:  ${p.modes.join(', ')}`);
      }
    });
}
