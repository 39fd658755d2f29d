/** `paseo devices ls | revoke <id>`: paired devices, and cutting one off (its live connections close at once). */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { daemonRequest } from './pair.js';

const clean = (s: string) => s.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');

export function register(program: Command, ctx: CommandContext): void {
  const devices = program.command('devices').description('list and revoke paired devices (paseo pair)');
  devices
    .command('ls')
    .description('paired devices: id, role, label, live connections, last seen')
    .action(async () => {
      const list = await daemonRequest(await ctx.api())('devices.list', {});
      if (ctx.globals().json) return ctx.json(list);
      if (list.length === 0) return ctx.out('no paired devices (pair one with: paseo pair)');
      for (const d of list) {
        const live = d.connections > 0 ? `${d.connections} connected` : `last seen ${d.lastSeenAt ?? 'never'}`;
        ctx.out(`${d.id}  ${d.role.padEnd(8)}  ${clean(d.label)}  ${live}`);
      }
    });
  devices
    .command('revoke <id>')
    .description('forget a device: its connections close now and its credential no longer works')
    .action(async (id: string) => {
      const d = await daemonRequest(await ctx.api())('devices.revoke', { deviceId: id });
      if (ctx.globals().json) return ctx.json({ revoked: d.id, label: d.label, role: d.role });
      ctx.out(`revoked ${d.id} (${clean(d.label)})`);
    });
}
