/** The commands a prefix key can run, their default keys, and the user's overrides from config "tui". */

export const TUI_COMMANDS = [
  'new-agent',
  'focus-left',
  'focus-right',
  'focus-up',
  'focus-down',
  'next-agent',
  'zoom',
  'stop-agent',
  'detach',
  'scroll-mode',
  'pick-agent',
  'next-layout',
  'toggle-sidebar',
  'show-exited',
  'restart-agent',
  'rename-agent',
  'archive-agent',
  'remove-agent',
  'diff-view',
  'approvals',
  'redraw',
  'help',
  'quit',
] as const;
export type TuiCommand = (typeof TUI_COMMANDS)[number];

export const COMMAND_HELP: Record<TuiCommand, string> = {
  'new-agent': 'new agent',
  'focus-left': 'focus pane left',
  'focus-right': 'focus pane right',
  'focus-up': 'focus pane up',
  'focus-down': 'focus pane down',
  'next-agent': 'focus next pane',
  zoom: 'zoom pane / unzoom',
  'stop-agent': 'stop agent (asks y/n)',
  detach: 'detach (agents keep running)',
  'scroll-mode': 'scroll mode (PgUp/PgDn, / search, q)',
  'pick-agent': 'pick agent from a list',
  'next-layout': 'next layout',
  'toggle-sidebar': 'hide/show sidebar',
  'show-exited': 'show exited agent',
  'restart-agent': 'restart agent',
  'rename-agent': 'rename agent',
  'archive-agent': 'archive agent',
  'remove-agent': 'remove agent',
  'diff-view': 'diff of what the agent changed (n/p file, ]/[ hunk, w, b base, q)',
  approvals: 'approval queue (y allow, A always, n deny, Enter detail)',
  redraw: 'redraw screen',
  help: 'this help',
  quit: 'quit the TUI',
};

export const DEFAULT_PREFIX = 'C-b';

export const DEFAULT_BINDINGS: Record<TuiCommand, string[]> = {
  'new-agent': ['c'],
  'focus-left': ['Left', 'h'],
  'focus-right': ['Right', 'l'],
  'focus-up': ['Up', 'k'],
  'focus-down': ['Down', 'j'],
  'next-agent': ['o'],
  zoom: ['z'],
  'stop-agent': ['x'],
  detach: ['d'],
  'scroll-mode': ['[', 'PageUp'],
  'pick-agent': ['w'],
  'next-layout': ['Space'],
  'toggle-sidebar': ['b'],
  'show-exited': ['e'],
  'restart-agent': ['R'],
  'rename-agent': [','],
  'archive-agent': ['A'],
  'remove-agent': ['X'],
  'diff-view': ['D'],
  approvals: ['a'],
  redraw: ['r'],
  help: ['?'],
  quit: ['Q'],
};

export interface KeyTable {
  prefix: string;
  /** key name after the prefix → command */
  keys: Map<string, TuiCommand>;
  /** command → its keys, for help and hints */
  byCommand: Map<TuiCommand, string[]>;
  /** Problems found in the user's config, shown once on the status line. */
  problems: string[];
}

/** Config `tui.bindings` maps a command to a key or list of keys (an empty list unbinds it); unknown commands are reported, not fatal. */
export function buildKeyTable(config: { prefix?: unknown; bindings?: unknown } = {}): KeyTable {
  const problems: string[] = [];
  const prefix = typeof config.prefix === 'string' && config.prefix.length > 0 ? config.prefix : DEFAULT_PREFIX;
  if (config.prefix !== undefined && prefix !== config.prefix) problems.push('tui.prefix must be a key name like "C-a"');
  const byCommand = new Map<TuiCommand, string[]>(Object.entries(DEFAULT_BINDINGS) as [TuiCommand, string[]][]);
  if (config.bindings !== undefined) {
    if (typeof config.bindings !== 'object' || config.bindings === null || Array.isArray(config.bindings)) {
      problems.push('tui.bindings must be an object of command → key(s)');
    } else {
      for (const [command, value] of Object.entries(config.bindings as Record<string, unknown>)) {
        if (!(TUI_COMMANDS as readonly string[]).includes(command)) {
          problems.push(`unknown command in tui.bindings: ${command}`);
          continue;
        }
        const keys = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((k) => typeof k === 'string') ? (value as string[]) : undefined;
        if (!keys) {
          problems.push(`tui.bindings.${command} must be a key or a list of keys`);
          continue;
        }
        byCommand.set(command as TuiCommand, keys);
      }
    }
  }
  const keys = new Map<string, TuiCommand>();
  for (const [command, list] of byCommand) for (const key of list) keys.set(key, command);
  return { prefix, keys, byCommand, problems };
}
