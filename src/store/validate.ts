// Argument checks shared by every engine: a bad argument is refused with a typed error that names it
// before any engine sees it.
import { MAX_EPOCH_SECONDS } from './columns.js';
import { StoreError } from './errors.js';

/** Largest page any list or select returns in one call when a limit is given. */
export const MAX_LIMIT = 10_000_000;

export function checkCount(name: string, v: unknown, { min = 0, max = MAX_LIMIT }: { min?: number; max?: number } = {}): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new StoreError('bad_argument', `${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(v) ?? String(v)}`);
  }
  return v;
}

export function checkSeconds(name: string, v: unknown): number {
  if (typeof v !== 'number' || !(Math.abs(v) <= MAX_EPOCH_SECONDS)) {
    throw new StoreError('bad_argument', `${name} must be epoch seconds (a number within ±${MAX_EPOCH_SECONDS}), not ${JSON.stringify(v) ?? String(v)}`);
  }
  return v;
}

export function checkText(name: string, v: unknown, { empty = false }: { empty?: boolean } = {}): string {
  if (typeof v !== 'string' || (!empty && v.length === 0)) {
    throw new StoreError('bad_argument', `${name} must be a ${empty ? '' : 'non-empty '}string, not ${JSON.stringify(v) ?? String(v)}`);
  }
  return v;
}

export function checkObject(name: string, v: unknown): { [key: string]: unknown } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new StoreError('bad_value', `${name} must be an object, not ${JSON.stringify(v) ?? String(v)}`);
  }
  return v as { [key: string]: unknown };
}

/** JSON text of a value, or StoreError('bad_value') when it has no JSON form (cycles, bigints). */
export function toJson(name: string, v: unknown): string {
  try {
    const s = JSON.stringify(v);
    if (s === undefined) throw new Error('not representable');
    return s;
  } catch (e) {
    throw new StoreError('bad_value', `${name} cannot be stored as JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
