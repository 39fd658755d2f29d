/** `paseo provider ls [--json]`: which agent CLIs are installed, where, which version, models and modes. */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

export function register(program: Command, ctx: CommandContext): void {
  const provider = program.command('provider').description('agent providers (claude, codex, gemini, opencode, aider, shell, command, custom)');
  provider
    .command('ls')
    .description('installed?, binary, version, models and modes of every provider')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const list = await (await ctx.api()).listProviders();
      if (opts.json || ctx.globals().json) return ctx.json(list);
      for (const p of list) {
        const state = p.installed ? `${p.version ?? 'installed'}  ${p.binary ?? ''}` : `not installed${p.reason ? ` (${p.reason})` : ''}`;
        ctx.out(`${p.name.padEnd(10)} ${p.displayName.padEnd(14)} ${state}`);
        if (p.models.length) ctx.out(`           models: ${p.models.join(', ')}  (use ${p.name}/<model>)`);
        if (p.modes.length) ctx.out(`           modes:  ${p.modes.join(', ')}`);
      }
    });
}
