/** Finds paseo's own package root (works from adapters/ under tsx and from dist/adapters/ once built). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined | null = null;

export function paseoRoot(): string | undefined {
  if (cached !== null) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  cached = undefined;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'paseo') {
        cached = dir;
        break;
      }
    } catch {
      // not here; keep climbing
    }
    dir = path.dirname(dir);
  }
  return cached;
}
