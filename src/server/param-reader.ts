/** Reads request params field by field; any wrong shape throws a `bad_request` PaseoError naming the field. */
import { PaseoError } from '../core/errors.js';
import { isRecord } from './client-message-codec.js';

export class ParamReader {
  private readonly params: Record<string, unknown>;

  constructor(
    params: unknown,
    private readonly method: string,
  ) {
    if (params === undefined || params === null) this.params = {};
    else if (isRecord(params)) this.params = params;
    else throw this.fail('params', 'an object');
  }

  string(name: string): string {
    const v = this.params[name];
    if (typeof v !== 'string' || v.length === 0) throw this.fail(name, 'a non-empty string');
    return v;
  }

  optString(name: string): string | undefined {
    return this.params[name] === undefined ? undefined : this.stringAllowEmpty(name);
  }

  stringAllowEmpty(name: string): string {
    const v = this.params[name];
    if (typeof v !== 'string') throw this.fail(name, 'a string');
    return v;
  }

  optBool(name: string): boolean | undefined {
    const v = this.params[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw this.fail(name, 'a boolean');
    return v;
  }

  int(name: string, min: number, max: number): number {
    const v = this.params[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw this.fail(name, `an integer in ${min}..${max}`);
    }
    return v;
  }

  optInt(name: string, min: number, max: number): number | undefined {
    return this.params[name] === undefined ? undefined : this.int(name, min, max);
  }

  optNumber(name: string, min: number): number | undefined {
    const v = this.params[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw this.fail(name, `a number ≥ ${min}`);
    return v;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const v = this.optOneOf(name, allowed);
    if (v === undefined) throw this.fail(name, `one of ${allowed.join(', ')}`);
    return v;
  }

  optOneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.params[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !allowed.includes(v as T)) throw this.fail(name, `one of ${allowed.join(', ')}`);
    return v as T;
  }

  optStringArray(name: string): string[] | undefined {
    const v = this.params[name];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw this.fail(name, 'an array of strings');
    return v as string[];
  }

  optEnumArray<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const v = this.optStringArray(name);
    if (v && !v.every((x) => allowed.includes(x as T))) throw this.fail(name, `an array of ${allowed.join(', ')}`);
    return v as T[] | undefined;
  }

  /** A nested object, as given (its fields are for the caller to check). */
  optObject(name: string): Record<string, unknown> | undefined {
    const v = this.params[name];
    if (v === undefined) return undefined;
    if (!isRecord(v)) throw this.fail(name, 'an object');
    return { ...v };
  }

  optStringRecord(name: string): Record<string, string> | undefined {
    const v = this.params[name];
    if (v === undefined) return undefined;
    if (!isRecord(v) || !Object.values(v).every((x) => typeof x === 'string')) {
      throw this.fail(name, 'an object of strings');
    }
    return { ...(v as Record<string, string>) };
  }

  private fail(name: string, expected: string): PaseoError {
    return new PaseoError('bad_request', `${this.method}: ${name} must be ${expected}`, { method: this.method, field: name });
  }
}

/** Drops keys whose value is undefined so optional fields stay absent rather than present-but-undefined. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
