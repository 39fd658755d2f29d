/** Reads the "tui" section of <home>/config.json: prefix, bindings, mouse, layout, sidebar. Absent or unreadable config means defaults. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { isPaneLayoutName, type PaneLayoutName } from './layout/pane-layouts.js';

export interface TuiConfig {
  prefix?: unknown;
  bindings?: unknown;
  mouse: boolean;
  /** The layout the TUI opens with (prefix Space cycles). */
  layout?: PaneLayoutName;
  /** false: open with the sidebar hidden (prefix b shows it). */
  sidebar?: boolean;
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
    const problems: string[] = [];
    if (tui.layout !== undefined && !isPaneLayoutName(tui.layout)) problems.push('tui.layout must be "tiled", "main-stack" or "single"');
    if (tui.sidebar !== undefined && typeof tui.sidebar !== 'boolean') problems.push('tui.sidebar must be true or false');
    return {
      prefix: tui.prefix,
      bindings: tui.bindings,
      mouse: tui.mouse !== false,
      ...(isPaneLayoutName(tui.layout) ? { layout: tui.layout } : {}),
      ...(typeof tui.sidebar === 'boolean' ? { sidebar: tui.sidebar } : {}),
      problems,
    };
  } catch (err) {
    return { mouse: true, problems: [`config.json unreadable, using default keys: ${errorMessage(err)}`] };
  }
}
