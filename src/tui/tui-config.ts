/** Reads the "tui" section of <home>/config.json: prefix, bindings, mouse, layout, sidebar, maxPanes. Absent or unreadable config means defaults. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { isPaneLayoutName, type PaneLayoutName } from './layout/pane-layouts.js';
import { DEFAULT_BINDINGS, DEFAULT_PREFIX, TUI_COMMANDS, type TuiCommand } from './input/bindings.js';

export interface TuiConfig {
  prefix?: unknown;
  bindings?: unknown;
  mouse: boolean;
  /** The layout the TUI opens with (prefix Space cycles). */
  layout?: PaneLayoutName;
  /** false: open with the sidebar hidden (prefix b shows it). */
  sidebar?: boolean;
  /** At most this many panes on screen in any layout (default: as many as fit, up to 64 tiled on a big window). */
  maxPanes?: number;
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
    const maxPanes = Number.isInteger(tui.maxPanes) && (tui.maxPanes as number) >= 1 ? (tui.maxPanes as number) : undefined;
    if (tui.maxPanes !== undefined && maxPanes === undefined) problems.push('tui.maxPanes must be a whole number, 1 or more');
    const checked = checkBindings(tui.bindings, typeof tui.prefix === 'string' && tui.prefix.length > 0 ? tui.prefix : DEFAULT_PREFIX);
    problems.push(...checked.problems);
    return {
      prefix: tui.prefix,
      bindings: checked.bindings,
      mouse: tui.mouse !== false,
      ...(isPaneLayoutName(tui.layout) ? { layout: tui.layout } : {}),
      ...(typeof tui.sidebar === 'boolean' ? { sidebar: tui.sidebar } : {}),
      ...(maxPanes !== undefined ? { maxPanes } : {}),
      problems,
    };
  } catch (err) {
    return { mouse: true, problems: [`config.json unreadable, using default keys: ${errorMessage(err)}`] };
  }
}

/** Key names as the input parser spells them (parse-input.ts): modifiers C-, M-, S- on a named key or one character. */
const NAMED_KEYS = new Set(['Up', 'Down', 'Left', 'Right', 'Home', 'End', 'BTab', 'Insert', 'Delete', 'PageUp', 'PageDown', 'Enter', 'Tab', 'Escape', 'BSpace', 'Space']);
for (let i = 1; i <= 12; i++) NAMED_KEYS.add(`F${i}`);

export function isKeyName(key: string): boolean {
  const base = key.replace(/^(?:[CMS]-)+(?=.)/, '');
  return NAMED_KEYS.has(base) || [...base].length === 1;
}

/** Commands that must always keep a key: without them the user cannot leave the TUI. */
const ESSENTIAL: readonly TuiCommand[] = ['detach', 'quit'];

/**
 * `tui.bindings` with the entries that cannot work taken out, each reported (shown once on the status line): a key
 * that is not a key name ("dd" is two keys; a binding is one), and a binding that would leave detach or quit with
 * no key (taken by another command, unbound, or on the prefix itself) — except `"quit": []`, which unbinds quit on
 * purpose while detach still leaves the TUI. Their defaults stay. Other faults (unknown commands, wrong types) pass
 * through to the key table, which reports them.
 */
export function checkBindings(raw: unknown, prefix: string): { bindings: unknown; problems: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { bindings: raw, problems: [] };
  const problems: string[] = [];
  const kept: Record<string, unknown> = {};
  for (const [command, value] of Object.entries(raw as Record<string, unknown>)) {
    const list = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((k) => typeof k === 'string') ? (value as string[]) : undefined;
    if (!list || !(TUI_COMMANDS as readonly string[]).includes(command)) {
      kept[command] = value;
      continue;
    }
    const bad = list.filter((k) => !isKeyName(k));
    for (const k of bad) problems.push(`tui.bindings.${command}: "${k}" is not a key name (one key: a character, or C-a, M-x, Left, PageUp, F5…)`);
    const good = list.filter((k) => isKeyName(k));
    // Only bad keys: the command keeps its default keys rather than losing them all.
    if (bad.length > 0 && good.length === 0) continue;
    // `"quit": []` unbinds quit on purpose (detach still leaves); anything else that strands either is refused.
    const deliberate = (c: TuiCommand) => c === 'quit' && command === 'quit' && list.length === 0;
    const stranded = ESSENTIAL.filter((c) => !deliberate(c) && !reachable({ ...kept, [command]: good }, prefix, c) && reachable(kept, prefix, c));
    if (stranded.length > 0) {
      problems.push(`tui.bindings.${command} ignored: it would leave ${stranded.join(' and ')} without a key`);
      continue;
    }
    kept[command] = good;
  }
  return { bindings: kept, problems };
}

/** Whether prefix + some key runs `command` with these overrides, as the key table resolves keys (later commands win a key). */
function reachable(overrides: Record<string, unknown>, prefix: string, command: TuiCommand): boolean {
  const keys = new Map<string, TuiCommand>();
  for (const c of Object.keys(DEFAULT_BINDINGS) as TuiCommand[]) {
    const own = overrides[c];
    const list = Array.isArray(own) ? (own as string[]) : typeof own === 'string' ? [own] : DEFAULT_BINDINGS[c];
    for (const key of list) keys.set(key, c);
  }
  for (const [key, c] of keys) if (c === command && key !== prefix) return true;
  return false;
}
