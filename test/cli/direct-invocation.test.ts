import { describe, expect, it } from 'vitest';
import { parseDirectInvocation } from '../../src/cli/direct-invocation.js';

describe('parseDirectInvocation (startup paths that skip commander)', () => {
  it('recognises the bare TUI with global options, in either value syntax', () => {
    expect(parseDirectInvocation([])).toEqual({ command: 'tui', options: {} });
    expect(parseDirectInvocation(['--home', '/h', '--listen=127.0.0.1:1', '--embedded'])).toEqual({
      command: 'tui',
      options: { home: '/h', listen: '127.0.0.1:1', embedded: true },
    });
    // The last value given wins, as with commander.
    expect(parseDirectInvocation(['--home', '/a', '--home=/b'])?.options.home).toBe('/b');
  });

  it('recognises `daemon run` with global options anywhere', () => {
    expect(parseDirectInvocation(['daemon', 'run', '--home', '/h'])).toEqual({ command: 'daemon-run', options: { home: '/h' } });
    expect(parseDirectInvocation(['--listen', '127.0.0.1:2', 'daemon', 'run'])).toEqual({ command: 'daemon-run', options: { listen: '127.0.0.1:2' } });
  });

  it('leaves everything else to commander (help, versions, other commands, unknown or incomplete options)', () => {
    for (const args of [['--help'], ['-h'], ['--version'], ['ls'], ['daemon', 'start'], ['daemon'], ['--nope'], ['--home'], ['--json=1'], ['run', '-d', 'x']]) {
      expect(parseDirectInvocation(args), args.join(' ')).toBeUndefined();
    }
  });
});
