// Typed store errors: a stable code for programs, a message that says what to do, and the engine's
// error as `cause`. Callers never see an engine's own error type, so swapping engines changes nothing
// for them.
import { MamoriError } from '../schema/errors.js';

export type StoreErrorCode =
  /** an observation type the schema does not know */
  | 'unknown_type'
  /** a field name that is not a column of the type's layout (never interpolated: rejected) */
  | 'unknown_field'
  /** a condition that is not well formed, or an operator that does not apply to the field */
  | 'bad_condition'
  /** a value that does not fit its column (wrong JS type, not finite, not an integer, …) */
  | 'bad_value'
  /** an argument out of range (negative limit, bucket of 0 s, …) */
  | 'bad_argument'
  /** the database was written by a newer Mamori: its schema version is above the ones this build knows */
  | 'schema_too_new'
  /** an existing column's type differs from the layout's and needs an explicit migration */
  | 'layout_mismatch'
  /** the database could not be opened (locked by another process, not a database, no permission) */
  | 'open_failed'
  /** the store was used after close() */
  | 'closed'
  /** the engine refused a write; nothing of that call was kept */
  | 'write_failed'
  /** the engine failed a read */
  | 'query_failed';

export class StoreError extends MamoriError {
  declare readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}
