// The store contract: one suite that every engine runs (embedded DuckDB now, others later), so all
// engines behave the same for every caller. Use from an engine's test file:
//
//   runStoreContract('duckdb in memory', { open: () => openDuckDbStore() });
//
// This file registers vitest tests and is meant for test files only.
import { describe } from 'vitest';
import { aggregateContract } from './contract/aggregate.js';
import { lifecycleContract } from './contract/lifecycle.js';
import { observationContract } from './contract/observations.js';
import { queryContract } from './contract/query.js';
import { recordsContract } from './contract/records.js';
import { stateContract } from './contract/state.js';
import type { StoreFactory } from './contract/harness.js';

export type { StoreFactory } from './contract/harness.js';

export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    observationContract(factory);
    queryContract(factory);
    aggregateContract(factory);
    stateContract(factory);
    recordsContract(factory);
    lifecycleContract(factory);
  });
}
