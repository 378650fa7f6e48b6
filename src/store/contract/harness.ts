// What the contract suite needs from an engine, and a fresh store per test.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Connection } from '../../schema/conn.js';
import { StoreError, type StoreErrorCode } from '../errors.js';
import type { Store } from '../types.js';

export interface StoreFactory {
  /** a new, empty store */
  open(): Promise<Store>;
  /** engines that persist: a fresh location, and opening a location (again after close) */
  persistent?: {
    location(): string | Promise<string>;
    open(location: string): Promise<Store>;
  };
}

/** Registers hooks that give each test of the enclosing describe its own empty store. */
export function freshStore(factory: StoreFactory): () => Store {
  let store: Store | undefined;
  beforeEach(async () => {
    store = await factory.open();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  return () => {
    if (!store) throw new Error('no store: call inside a test');
    return store;
  };
}

/** One store for every test of the enclosing describe, seeded once: for tests that only read. */
export function sharedStore(factory: StoreFactory, seed: (store: Store) => Promise<void>): () => Store {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await factory.open();
    await seed(store);
  });
  afterAll(async () => {
    await store?.close();
    store = undefined;
  });
  return () => {
    if (!store) throw new Error('no store: call inside a test');
    return store;
  };
}

/** Expects a promise (or a function's call) to fail with a StoreError of the given code. */
export async function expectStoreError(p: Promise<unknown> | (() => unknown), code: StoreErrorCode): Promise<StoreError> {
  let error: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    error = e;
  }
  expect(error, `expected StoreError(${code})`).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  return error as StoreError;
}

export const T0 = 1_700_000_000;

/** A synthetic connection; `i` varies addresses, ports, sizes and time. */
export function syntheticConn(i: number, overrides: Partial<Connection> = {}): Connection {
  return {
    ts: T0 + i * 0.001,
    uid: 'C' + i.toString(36).padStart(8, '0'),
    id: { orig_h: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, orig_p: 1024 + (i % 60000), resp_h: `192.0.2.${i % 250}`, resp_p: i % 5 === 0 ? 53 : 443 },
    proto: i % 5 === 0 ? 'udp' : 'tcp',
    service: i % 5 === 0 ? 'dns' : 'ssl',
    duration: (i % 1000) / 7,
    orig_bytes: i * 3,
    resp_bytes: i * 11,
    conn_state: 'SF',
    local_orig: true,
    local_resp: false,
    missed_bytes: 0,
    history: 'ShADadFf',
    orig_pkts: 4 + (i % 10),
    orig_ip_bytes: 400 + i,
    resp_pkts: 6,
    resp_ip_bytes: 900 + i,
    ip_proto: i % 5 === 0 ? 17 : 6,
    community_id: '1:' + i.toString(16),
    ...overrides,
  };
}
