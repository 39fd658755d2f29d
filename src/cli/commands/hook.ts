/**
 * `paseo hook`: the relay an agent CLI runs as a command hook. Reads the hook JSON on stdin, POSTs it to the
 * daemon's hook endpoint with the agent's secret, prints the daemon's reply for the CLI.
 *
 * Fail closed: for approval events, anything but a well-formed answer in time (daemon down, refused, slow,
 * malformed) prints a deny, writes the reason on stderr and exits 2 — Claude Code blocks on exit 2 but *runs
 * the tool* when a hook crashes or times out, so this must always answer, and before the CLI's deadline.
 * Status events fail open (exit 0, no output): a lost status update must not block a turn.
 * Imports stay light (node builtins only): this runs once per tool call.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { Adapters } from '../../core/constants.js';
import { exitAfterDrain } from '../stdio.js';

/** Events whose answer gates a tool: these deny when the daemon cannot answer. */
const APPROVAL_EVENTS = new Set(['PreToolUse', 'PermissionRequest', 'BeforeTool']);
const MAX_STDIN_BYTES = 16 * 1024 * 1024;
const STDIN_TIMEOUT_MS = 10_000; // CLIs write the hook document at once; a silent pipe is a broken caller, answered (deny) long before its deadline

export interface RelayOptions {
  agent: string;
  event: string;
  url?: string;
  secretFile?: string;
  timeoutMs?: string;
  fail?: string;
  daemon: boolean;
}

/** The deny each CLI understands for an approval event, printed on stdout beside exit 2 (HOOK-1's dual signal). */
export function denyBody(event: string, reason: string): unknown {
  switch (event) {
    case 'PreToolUse':
      return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } };
    case 'PermissionRequest':
      return { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: reason } } };
    case 'BeforeTool':
      return { decision: 'deny', reason };
    default:
      return {};
  }
}

/**
 * The hook's JSON document from stdin. A CLI that writes it but keeps the pipe open must not hang the relay
 * (and the agent's turn with it): a complete JSON document is enough, and nothing within STDIN_TIMEOUT_MS is
 * an error (so approval events are denied).
 */
function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    if (process.stdin.isTTY) return resolve('');
    const timer = setTimeout(() => finish(() => reject(new Error(`no hook input on stdin within ${STDIN_TIMEOUT_MS} ms`))), STDIN_TIMEOUT_MS);
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      process.stdin.removeAllListeners('data');
      process.stdin.pause();
      fn();
    };
    process.stdin.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_STDIN_BYTES) return finish(() => reject(new Error('hook input too large')));
      chunks.push(c);
      // Only try to parse when the document may be complete (it ends with its closing brace).
      if (!/}\s*$/.test(c.toString('utf8', Math.max(0, c.length - 8)))) return;
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        JSON.parse(text);
      } catch {
        return;
      }
      finish(() => resolve(text));
    });
    process.stdin.on('end', () => finish(() => resolve(Buffer.concat(chunks).toString('utf8'))));
    process.stdin.on('error', (err) => finish(() => reject(err)));
  });
}

function post(url: string, secret: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    let settled = false;
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      fn();
    };
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-paseo-hook-secret': secret },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(() => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })));
        res.on('error', (err) => done(() => reject(err)));
      },
    );
    const overall = setTimeout(() => {
      req.destroy();
      done(() => reject(new Error(`no answer from the paseo daemon within ${timeoutMs} ms`)));
    }, timeoutMs);
    req.on('socket', (socket) => {
      const connectTimer = setTimeout(() => {
        req.destroy();
        done(() => reject(new Error('the paseo daemon did not accept the connection')));
      }, Adapters.RELAY_CONNECT_TIMEOUT_MS);
      socket.once('connect', () => clearTimeout(connectTimer));
      socket.once('close', () => clearTimeout(connectTimer));
    });
    req.on('error', (err) => done(() => reject(new Error(`paseo daemon unreachable (${(err as NodeJS.ErrnoException).code ?? err.message})`))));
    req.end(body);
  });
}

export async function runRelay(opts: RelayOptions, io: { stdout(s: string): void; stderr(s: string): void; stdin?(): Promise<string> }): Promise<number> {
  const closed = opts.fail ? opts.fail === 'closed' : APPROVAL_EVENTS.has(opts.event);
  const fail = (reason: string): number => {
    io.stderr(`paseo: ${reason}\n`);
    if (!closed) return 0;
    io.stdout(JSON.stringify(denyBody(opts.event, `paseo denied this: ${reason}`)) + '\n');
    return 2;
  };
  const defaultTimeout = closed ? Adapters.APPROVAL_HOOK_TIMEOUT_S * 1000 - Adapters.RELAY_MARGIN_MS : Adapters.STATUS_HOOK_TIMEOUT_S * 1000;
  const timeoutMs = opts.timeoutMs ? Math.max(1, Number(opts.timeoutMs)) || defaultTimeout : defaultTimeout;
  // A SIGTERM from the CLI (or anyone) still ends in a decision, never a silent crash.
  const onTerm = () => void exitAfterDrain(fail('the hook relay was terminated'));
  process.once('SIGTERM', onTerm);
  try {
    let input: string;
    try {
      input = await (io.stdin ?? readStdin)();
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err));
    }
    if (!opts.daemon) return fail('no daemon (--no-daemon)');
    const base = opts.url ?? (process.env.PASEO_LISTEN ? `http://${process.env.PASEO_LISTEN}/hooks/${opts.agent}` : undefined);
    if (!base) return fail('no daemon URL (--url or PASEO_LISTEN)');
    let secret = '';
    try {
      secret = opts.secretFile ? fs.readFileSync(opts.secretFile, 'utf8').trim() : (process.env.PASEO_HOOK_SECRET ?? '');
    } catch (err) {
      return fail(`cannot read the hook secret: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    let res: { status: number; text: string };
    try {
      res = await post(`${base.replace(/\/$/, '')}/${encodeURIComponent(opts.event)}`, secret, input || '{}', timeoutMs);
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err));
    }
    if (res.status !== 200) return fail(`the paseo daemon answered HTTP ${res.status}`);
    let body: unknown;
    try {
      body = res.text ? JSON.parse(res.text) : {};
    } catch {
      return fail('the paseo daemon sent a malformed reply');
    }
    if (closed && (typeof body !== 'object' || body === null)) return fail('the paseo daemon sent a malformed reply');
    io.stdout(JSON.stringify(body) + '\n');
    return 0;
  } finally {
    process.off('SIGTERM', onTerm);
  }
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('hook')
    .description('relay an agent CLI hook (JSON on stdin) to the daemon; denies when the daemon cannot answer')
    .requiredOption('--agent <id>', 'agent id')
    .requiredOption('--event <name>', 'hook event name (PreToolUse, Stop, BeforeTool, …)')
    .option('--url <url>', 'hook base URL, http://HOST:PORT/hooks/<agentId>')
    .option('--secret-file <file>', 'file holding the per-agent hook secret (default: env PASEO_HOOK_SECRET)')
    .option('--timeout-ms <ms>', 'answer deny after this long')
    .option('--fail <mode>', 'closed (deny, exit 2) or open (exit 0) when the daemon cannot answer; default by event')
    .option('--no-daemon', 'do not contact a daemon: answer as if it were unreachable (deny for approval events)')
    .action(async (opts: RelayOptions) => {
      const code = await runRelay(opts, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
      ctx.setExitCode(code);
    });
}
