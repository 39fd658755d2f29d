/** The tmux prefix state machine: after the prefix key, the next key picks a command; prefix twice sends the prefix itself. */
import type { KeyTable, TuiCommand } from './bindings.js';
import type { InputToken } from './input-token.js';

export type RoutedInput =
  /** A bound command, chosen with prefix + key. */
  | { kind: 'command'; command: TuiCommand }
  /** Input for whoever has it: an open dialog, or else the focused agent. */
  | { kind: 'input'; token: InputToken }
  /** The prefix was pressed and the router waits for the command key. */
  | { kind: 'prefix' }
  /** prefix + a key with no binding: tmux ignores it. */
  | { kind: 'unbound'; key: string };

export class PrefixRouter {
  private armed = false;

  constructor(private table: KeyTable) {}

  get prefixArmed(): boolean {
    return this.armed;
  }

  setTable(table: KeyTable): void {
    this.table = table;
  }

  route(token: InputToken): RoutedInput {
    if (token.kind !== 'key') {
      // A paste or mouse event cancels a pending prefix, as in tmux.
      this.armed = false;
      return { kind: 'input', token };
    }
    if (!this.armed) {
      if (token.name === this.table.prefix) {
        this.armed = true;
        return { kind: 'prefix' };
      }
      return { kind: 'input', token };
    }
    this.armed = false;
    if (token.name === this.table.prefix) return { kind: 'input', token };
    const command = this.table.keys.get(token.name);
    return command ? { kind: 'command', command } : { kind: 'unbound', key: token.name };
  }
}
