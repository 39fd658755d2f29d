/** Command files that other parts of the tree provide (hook relay, permits, providers); loaded when present. */
import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';

interface CommandModule {
  register(program: Command, ctx: CommandContext): void;
}

const OPTIONAL = ['./commands/provider.js', './commands/permit.js', './commands/hook.js', './commands/worktree.js', './commands/mcp.js'];

export async function optionalCommands(): Promise<CommandModule[]> {
  // Loaded together (one loading pass, not one after another); registered in the listed order.
  const mods = await Promise.all(
    OPTIONAL.map(async (spec) => {
      try {
        return (await import(spec)) as CommandModule;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
        return undefined;
      }
    }),
  );
  return mods.filter((m): m is CommandModule => m !== undefined);
}
