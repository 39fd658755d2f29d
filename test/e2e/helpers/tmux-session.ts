/**
 * A private tmux server for end-to-end TUI tests (its own -L socket name, no config file; only it is ever killed) and
 * the readers of what the TUI draws: panes by their boxes, the status line.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { until, type PaseoSandbox } from '../../helpers/paseo-cli.js';

export class Tmux {
  readonly socket = `paseo-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { env: this.env, encoding: 'utf8', timeout: 10_000 });
  }

  /**
   * The visible screen of a window, one string per row (trailing blanks trimmed by tmux); with `escapes`, each row
   * carries the SGR sequences tmux reports for its cells (-e).
   */
  capture(target: string, escapes = false): string[] {
    return this.run('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', target).replace(/\n$/, '').split('\n');
  }

  display(target: string, format: string): string {
    return this.run('display-message', '-p', '-t', target, format).trim();
  }

  cursor(target: string): { x: number; y: number; visible: boolean } {
    const [x, y, flag] = this.display(target, '#{cursor_x} #{cursor_y} #{cursor_flag}').split(' ');
    return { x: Number(x), y: Number(y), visible: flag === '1' };
  }

  /** Types text literally (no key-name lookup), like a person at the keyboard. */
  type(target: string, text: string): void {
    this.run('send-keys', '-t', target, '-l', text);
  }

  keys(target: string, ...keys: string[]): void {
    this.run('send-keys', '-t', target, ...keys);
  }

  /** Polls the window until `check` returns a value; on timeout the error shows the screen. */
  async waitFor<T>(target: string, what: string, check: (rows: string[]) => T, timeoutMs = 20_000): Promise<Exclude<NonNullable<T>, false | '' | 0>> {
    let last: string[] = [];
    try {
      return (await until(() => {
        last = this.capture(target);
        return check(last);
      }, what, timeoutMs, 25)) as Exclude<NonNullable<T>, false | '' | 0>;
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- ${target} ---\n${last.join('\n')}`);
    }
  }

  kill(): void {
    let socketPath = '';
    try {
      socketPath = this.run('display-message', '-p', '#{socket_path}').trim();
      this.run('kill-server');
    } catch {
      // never started, or already gone
    }
    // tmux 3.3 leaves the socket file behind.
    if (socketPath.endsWith(this.socket)) fs.rmSync(socketPath, { force: true });
  }
}

/** A pane as drawn by the TUI: the focused one has a bold box (┏┓┗┛), the others a light one (┌┐└┘). */
export interface Pane {
  top: number;
  bottom: number;
  left: number;
  right: number;
  title: string;
  inner: string[];
}

export function findPanes(rows: string[], focused: boolean): Pane[] {
  const [tl, tr, bl] = focused ? ['┏', '┓', '┗'] : ['┌', '┐', '└'];
  const panes: Pane[] = [];
  rows.forEach((row, top) => {
    const cells = [...row];
    cells.forEach((c, left) => {
      if (c !== tl) return;
      const right = cells.indexOf(tr, left);
      const bottom = rows.findIndex((r, i) => i > top && [...r][left] === bl);
      if (right < 0 || bottom < 0) return;
      const inner = rows.slice(top + 1, bottom).map((r) => [...r].slice(left + 1, right).join('').trimEnd());
      panes.push({ top, bottom, left, right, title: cells.slice(left, right + 1).join(''), inner });
    });
  });
  return panes;
}

export function focusedPane(rows: string[]): Pane | undefined {
  return findPanes(rows, true)[0];
}

/** The person's own shell: a known prompt, none of this machine's rc files. */
export function windowShell(sb: PaseoSandbox): string {
  const rc = path.join(sb.home, 'window-bashrc');
  fs.writeFileSync(rc, "PS1='e2e$ '\n");
  return `bash --rcfile ${rc} --noprofile -i`;
}

export function tmuxEnv(sb: PaseoSandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...sb.env, TERM: 'xterm-256color', ...extra };
  // Ink skips interactive frames under CI=true; and this tmux server must not think it is nested.
  delete env.CI;
  delete env.TMUX;
  delete env.TMUX_PANE;
  return env;
}
