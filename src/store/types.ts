// The store's public contract: what every engine (embedded DuckDB today, others later) offers the
// stages, the API and the CLI. Nothing here names SQL or an engine; queries are data (a Condition
// AST over a type's Zeek column names) that each engine compiles itself, with parameters.
import type { ObservationRecords, ObservationType } from '../schema/observation.js';
import type { QuarantinedLine } from '../schema/quarantine.js';

// ─── observations ─────────────────────────────────────────────────────────────────────────────

/**
 * A stored observation as read back: the typed record, the source's unknown columns (`extra`) and
 * the name of the input it came from (`source`, when the writer gave one).
 */
export type StoredObservation<T extends ObservationType = ObservationType> = {
  [K in T]: { type: K; record: ObservationRecords[K]; extra?: Record<string, unknown>; source?: string };
}[T];

/** A value in a flat row or a condition: times are epoch seconds (µs resolution), lists are arrays. */
export type FieldValue = string | number | boolean | string[] | number[] | null;
export type Scalar = string | number | boolean;

/**
 * One row of a `select` with `fields`: keyed by Zeek column name (`id.orig_h`), as Zeek writes logs.
 * Missing values are null.
 */
export type FlatRow = Record<string, FieldValue>;

/**
 * The query language later stages and the Advanced Search compiler build. Fields are a type's Zeek
 * column names (`id.orig_h`, `certificate.subject`) or `_source`; anything else is rejected with
 * StoreError('unknown_field') before any SQL exists.
 *
 * Logic is two-valued: a missing value never satisfies `=`, `<`, `in` or `like`, and `!=` and
 * `not` are their exact complements (so `service != 'dns'` includes connections with no service).
 * On a list column (set/vector), `=`, `in` and `like` hold when any element does, `!=` when none
 * does; ordering operators do not apply to lists.
 */
export type Condition =
  | { op: '=' | '!=' | '<' | '<=' | '>' | '>='; field: string; value: Scalar }
  | { op: 'in'; field: string; values: readonly Scalar[] }
  /** `*` matches any run of characters, `?` one character, `\` escapes the next one */
  | { op: 'like'; field: string; pattern: string; caseInsensitive?: boolean }
  | { op: 'is_null'; field: string }
  | { op: 'and' | 'or'; conditions: readonly Condition[] }
  | { op: 'not'; condition: Condition };

export interface OrderBy {
  field: string;
  direction?: 'asc' | 'desc';
}

export interface SelectQuery {
  where?: Condition;
  /** without it rows come in storage order, which is not guaranteed stable: give one to page */
  orderBy?: readonly OrderBy[];
  limit?: number;
  offset?: number;
}

export interface AppendOptions {
  /** the input the batch came from (file, interface, feed); stored with every record */
  source?: string;
  /** a checkpoint committed in the same transaction as the batch (ingest offsets: exactly once) */
  checkpoint?: { name: string; payload: StateValue };
}

export interface HistogramBucket {
  /** bucket start, epoch seconds; buckets are aligned on multiples of the width since the epoch */
  start: number;
  count: number;
}

export interface TopValue {
  value: Scalar;
  count: number;
}

/** A group key of an aggregate: a field's value, the start of a `ts` bucket, or the UTC hour of `ts`. */
export type GroupKey =
  | { field: string }
  /** bucket width in seconds; the key is the bucket start (epoch seconds, aligned on the epoch) */
  | { time_bucket: number }
  /** the key is the hour of `ts` in UTC, 0–23 */
  | { hour_of_day: true };

/**
 * What to compute per group. `sum` and `avg` take number fields (counts, ports, intervals);
 * `min`/`max` numbers or times (epoch seconds); `count_distinct` any scalar field. Missing values are
 * left out (`count` counts records); a sum over none is 0, a min/max/avg over none is NaN.
 */
export type Measure = { op: 'count' } | { op: 'sum' | 'min' | 'max' | 'avg' | 'count_distinct'; field: string };

export interface AggregateQuery {
  where?: Condition;
  /** may be empty: one row over every matching record */
  group_by: readonly GroupKey[];
  measures: readonly Measure[];
  /** by a measure (its index in `measures`); ties and the default order are by the keys, ascending */
  order_by?: { measure: number; direction?: 'asc' | 'desc' };
  /** most groups returned; without it every group is returned */
  limit?: number;
}

/** One group: its keys in `group_by` order (null for a missing value) and its measures in `measures` order. */
export interface AggregateRow {
  keys: FieldValue[];
  values: number[];
}

/** Maximum age in seconds per observation type; a type without an entry is kept forever. */
export type RetentionPolicy = Partial<Record<ObservationType, number>>;

export interface ObservationStore {
  /**
   * Appends a batch (any mix of types; plain Observations or read-back ones, whose own `source` wins
   * over `options.source`) in one transaction: all of it is stored or, on a bad value, none of it
   * and a StoreError('bad_value') names the record and field.
   */
  append(batch: readonly StoredObservation[], options?: AppendOptions): Promise<void>;
  count(type: ObservationType, where?: Condition): Promise<number>;
  /** Only the named fields (layout columns or `_source`), as flat rows keyed by Zeek column name. */
  select(type: ObservationType, query: SelectQuery & { fields: readonly string[] }): Promise<FlatRow[]>;
  /** Full records. Without a limit every matching record is read into memory: page large results. */
  select<T extends ObservationType>(type: T, query?: SelectQuery): Promise<StoredObservation<T>[]>;
  /** Counts per time bucket of `ts` (non-empty buckets only, in time order). */
  histogram(type: ObservationType, where: Condition | undefined, bucketSeconds: number): Promise<HistogramBucket[]>;
  /** The k most frequent non-null values of a field (list fields count each element), most frequent first. */
  topValues(type: ObservationType, field: string, where: Condition | undefined, k: number): Promise<TopValue[]>;
  /**
   * Groups the matching records and computes measures per group (bytes per hour, activity by hour of
   * day, conversations between hosts). Fields are checked like select's: unknown → unknown_field; a
   * measure that does not apply to the field's type → bad_condition.
   */
  aggregate(type: ObservationType, query: AggregateQuery): Promise<AggregateRow[]>;
  /** Deletes records with `ts` before the given time (epoch seconds); returns how many. */
  deleteOlderThan(type: ObservationType, ts: number): Promise<number>;
  /** Sets (or with null clears) the maximum age of a type's records; kept in the store. */
  setRetention(type: ObservationType, maxAgeSeconds: number | null): Promise<void>;
  retention(): Promise<RetentionPolicy>;
  /**
   * Applies the retention policy relative to `now` (event time, epoch seconds: the newest record
   * time the caller has seen, never the wall clock) and returns the records deleted per type.
   */
  applyRetention(now: number): Promise<Partial<Record<ObservationType, number>>>;
}

// ─── learned state and checkpoints ────────────────────────────────────────────────────────────

/** Opaque bytes (serialised models) or a JSON-compatible object or array. */
export type StateValue = Uint8Array | { [key: string]: unknown } | unknown[];

export interface StateEntry {
  namespace: string;
  key: string;
  value: StateValue;
  /** the writer's format version of `value`, so a reader can tell an old layout and convert it */
  version: number;
}

export interface Checkpoint {
  name: string;
  /** 1, 2, 3, … per name: the latest has the highest */
  seq: number;
  payload: StateValue;
}

export interface StateStore {
  put(namespace: string, key: string, value: StateValue, version: number): Promise<void>;
  get(namespace: string, key: string): Promise<StateEntry | undefined>;
  /** Entries of a namespace whose key starts with `prefix` (all when omitted), ordered by key. */
  list(namespace: string, prefix?: string): Promise<StateEntry[]>;
  delete(namespace: string, key: string): Promise<boolean>;
  /** Records a checkpoint atomically (all or nothing) and returns its sequence number. */
  checkpoint(name: string, payload: StateValue): Promise<number>;
  latestCheckpoint(name: string): Promise<Checkpoint | undefined>;
}

// ─── operations: quarantine, audit ────────────────────────────────────────────────────────────

export interface PageQuery {
  limit?: number;
  offset?: number;
}

export interface QuarantineStore {
  add(lines: readonly QuarantinedLine[]): Promise<void>;
  /** In the order they were added. */
  list(query?: PageQuery & { source?: string }): Promise<QuarantinedLine[]>;
  count(source?: string): Promise<number>;
}

export interface AuditEntry {
  /** when it happened, epoch seconds */
  ts: number;
  /** who did it (user name, `system`, a service) */
  actor: string;
  /** what was done (`login`, `action.approve`, `model.edit`, …) */
  action: string;
  /** what it was done to */
  target?: string;
  details?: { [key: string]: unknown };
}

export interface AuditStore {
  /** Append-only: there is no update or delete. */
  append(entry: AuditEntry): Promise<void>;
  /** In the order they were appended. */
  list(query?: PageQuery & { actor?: string; since?: number; until?: number }): Promise<AuditEntry[]>;
}

// ─── later stages: entities, breaches, incidents, actions ─────────────────────────────────────

/** A later stage's record, kept as JSON until its issue gives it typed columns. */
export interface JsonRecord {
  id: string;
  /** device / user / endpoint; a breach's model; an incident's category; an action's type */
  kind: string;
  /** epoch seconds: an entity's last sighting, a breach's or incident's time, an action's time */
  time: number;
  payload: { [key: string]: unknown };
}

/** An entity also keeps when it was first seen (the earliest `time` ever put for its id). */
export interface EntityRecord extends JsonRecord {
  first_seen: number;
}

export interface RecordStore<R extends JsonRecord = JsonRecord> {
  /** Inserts or replaces by id. */
  put(records: readonly JsonRecord[]): Promise<void>;
  get(id: string): Promise<R | undefined>;
  /** Ordered by time, then id. `since` is inclusive, `until` exclusive. */
  list(query?: PageQuery & { kind?: string; since?: number; until?: number }): Promise<R[]>;
}

// ─── the store ────────────────────────────────────────────────────────────────────────────────

export interface Store {
  readonly observations: ObservationStore;
  readonly state: StateStore;
  readonly quarantine: QuarantineStore;
  readonly audit: AuditStore;
  readonly entities: RecordStore<EntityRecord>;
  readonly breaches: RecordStore;
  readonly incidents: RecordStore;
  readonly actions: RecordStore;
  /** The schema version of the open database (the number of the last migration applied). */
  schemaVersion(): Promise<number>;
  /** Waits for running calls, flushes everything to disk and releases the database. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** database file (created with its folder if missing); in memory when omitted */
  path?: string;
}
