import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/core/errors.js';
import { formatError, wantsJson } from '../../src/cli/print-error.js';

describe('CLI error output', () => {
  it('is one line: `paseo: <message>`, or with --json one JSON object with code and message', () => {
    expect(formatError(new NotFoundError('no agent "x"'), false)).toBe('paseo: no agent "x"\n');
    const line = formatError(new NotFoundError('no agent "x"'), true);
    expect(line.endsWith('\n') && !line.slice(0, -1).includes('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({ error: { code: 'not_found', message: 'no agent "x"' } });
    // Anything else thrown is an internal error, still without a stack.
    expect(JSON.parse(formatError(new Error('boom\nat x'), true))).toEqual({ error: { code: 'internal', message: 'boom\nat x' } });
  });

  it('knows --json from the raw arguments, before any `--`', () => {
    expect(wantsJson(['ls', '--json'])).toBe(true);
    expect(wantsJson(['--json', 'logs', 'id'])).toBe(true);
    expect(wantsJson(['send', 'id', '--', '--json'])).toBe(false);
    expect(wantsJson(['ls'])).toBe(false);
  });
});
