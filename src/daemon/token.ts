/** The local client token: 256 random bits in PASEO_HOME/token, mode 0600, created once. */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32; // 256-bit, per the security baseline.

export function ensureToken(tokenFile: string): string {
  try {
    const existing = fs.readFileSync(tokenFile, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // absent: create below
  }
  const token = randomBytes(TOKEN_BYTES).toString('hex');
  const tmp = `${tokenFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, token + '\n', { mode: 0o600 });
  fs.renameSync(tmp, tokenFile);
  return token;
}
