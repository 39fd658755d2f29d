/** Reads the "tui" section of <home>/config.json: prefix, bindings, mouse. Absent or unreadable config means defaults. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';

export interface TuiConfig {
  prefix?: unknown;
  bindings?: unknown;
  mouse: boolean;
  problems: string[];
}

export function readTuiConfig(home: string): TuiConfig {
  let raw: string;
  try {
    raw = readFileSync(join(home, 'config.json'), 'utf8');
  } catch {
    return { mouse: true, problems: [] };
  }
  try {
    const parsed = JSON.parse(raw) as { tui?: Record<string, unknown> };
    const tui = parsed?.tui ?? {};
    return { prefix: tui.prefix, bindings: tui.bindings, mouse: tui.mouse !== false, problems: [] };
  } catch (err) {
    return { mouse: true, problems: [`config.json unreadable, using default keys: ${errorMessage(err)}`] };
  }
}
