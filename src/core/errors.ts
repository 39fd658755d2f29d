/** Typed errors with a stable code and structured context. The CLI prints `paseo: <message>`; the protocol sends `{code, message}`. */

export type ErrorCode =
  | 'bad_request'
  | 'unknown_method'
  | 'not_found'
  | 'ambiguous'
  | 'unauthorized'
  /** Authenticated, but the connection's role does not allow this method or message. */
  | 'forbidden'
  | 'protocol_version'
  | 'too_large'
  | 'busy'
  | 'too_far_behind'
  | 'invalid_state'
  | 'not_pending'
  | 'daemon_not_running'
  | 'daemon_running'
  | 'pty'
  | 'config'
  | 'git'
  | 'adapter'
  | 'timeout'
  | 'internal';

export class PaseoError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  toJSON(): { code: ErrorCode; message: string; context: Record<string, unknown> } {
    return { code: this.code, message: this.message, context: this.context };
  }
}

export class ProtocolError extends PaseoError {}
export class PtyError extends PaseoError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('pty', message, context);
  }
}
export class ConfigError extends PaseoError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('config', message, context);
  }
}
export class GitError extends PaseoError {
  constructor(
    message: string,
    readonly command: string,
    readonly stderr: string,
    context: Record<string, unknown> = {},
  ) {
    super('git', message, { ...context, command, stderr });
  }
}
export class NotFoundError extends PaseoError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('not_found', message, context);
  }
}

/** Normalises anything thrown into a PaseoError without losing the message. */
export function toPaseoError(err: unknown): PaseoError {
  if (err instanceof PaseoError) return err;
  if (err instanceof Error) return new PaseoError('internal', err.message);
  return new PaseoError('internal', String(err));
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
