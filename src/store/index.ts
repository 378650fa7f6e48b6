// The store's public API: open a store, the interfaces every engine implements, typed errors and
// condition builders. Callers import from here, never from an engine's folder.
import { openDuckDbStore } from './duckdb/open.js';
import type { OpenStoreOptions, Store } from './types.js';

export type * from './types.js';
export { StoreError, isStoreError, type StoreErrorCode } from './errors.js';
export { BatchWriter } from './batch-writer.js';
export { and, eq, ge, gt, isIn, isNull, le, like, lt, ne, not, or } from './condition.js';
export * from './query/index.js';

/** Opens (creating when missing) the embedded DuckDB store at `path`, or an in-memory one without. */
export function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  return openDuckDbStore(options);
}
