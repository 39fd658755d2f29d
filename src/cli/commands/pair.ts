/** `paseo pair [--role r] [--label l] [--ttl 10m]`: a one-time pairing link for a phone, as a QR code and a URL. */
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { Auth } from '../../core/constants.js';
import { PaseoError } from '../../core/errors.js';
import { ROLES, type MethodName, type Methods, type Role } from '../../core/protocol.js';
import type { PaseoApi } from '../../core/api.js';
import { UsageError } from '../usage-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "10m", "90s", "1h", "500ms"; a bare number is seconds. */
export function parseTtl(text: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] ?? 's']! : NaN;
  if (!Number.isSafeInteger(ms) || ms < 1 || ms > Auth.PAIR_MAX_TTL_MS) {
    throw new UsageError(`--ttl must be a duration like 10m, 90s or 1h (at most 24h), not "${text}"`);
  }
  return ms;
}

/** Device methods go to the daemon itself: an in-process (--embedded) host has no phone to pair. */
export function daemonRequest(api: PaseoApi): <M extends MethodName>(method: M, params: Methods[M]['params']) => Promise<Methods[M]['result']> {
  const client = api as Partial<{ request: <M extends MethodName>(method: M, params: Methods[M]['params']) => Promise<Methods[M]['result']> }>;
  if (typeof client.request !== 'function') throw new PaseoError('config', 'devices belong to the daemon; run without --embedded');
  return client.request.bind(api);
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('pair')
    .description('pair a phone or browser: prints a one-time link (QR code) that trades itself for a device credential')
    .option('--role <role>', `what the device may do: ${ROLES.join(', ')}`, 'viewer')
    .option('--label <text>', 'name shown in paseo devices ls', 'phone')
    .option('--ttl <duration>', 'how long the link stays valid (single use)', '10m')
    .action(async (o: { role: string; label: string; ttl: string }) => {
      if (!(ROLES as readonly string[]).includes(o.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not "${o.role}"`);
      const ttlMs = parseTtl(o.ttl);
      const request = daemonRequest(await ctx.api());
      const info = await request('devices.pair', { role: o.role as Role, label: o.label, ttlMs });
      if (ctx.globals().json) return ctx.json(info);
      const qr = createRequire(import.meta.url)('qrcode-terminal') as typeof import('qrcode-terminal');
      qr.generate(info.url, { small: true }, (code) => ctx.out(code));
      ctx.out(info.url);
      ctx.out(`one-time link for "${info.label}" (${info.role}), valid until ${new Date(info.expiresAt).toLocaleTimeString()}; open it on the device`);
    });
}
