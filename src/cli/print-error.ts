/**
 * How the CLI reports a failure on stderr: one line `paseo: <message>` (never a stack trace), or with --json one
 * line of JSON `{"error":{"code":…,"message":…}}`, so a script reads results from stdout and errors from stderr.
 */
import { PaseoError, errorMessage, type ErrorCode } from '../core/errors.js';

export function formatError(err: unknown, json: boolean): string {
  const code: ErrorCode = err instanceof PaseoError ? err.code : 'internal';
  const message = err instanceof PaseoError ? err.message : errorMessage(err);
  return json ? `${JSON.stringify({ error: { code, message } })}\n` : `paseo: ${message}\n`;
}

/** Whether `--json` was given (before any `--`): known even when parsing failed before commander set its options. */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}
