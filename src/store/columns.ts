// The stored columns of each observation type, derived once from the schema's Zeek layouts
// (ZEEK_LAYOUTS), for every engine. A column keeps its Zeek name (`id.orig_h`, dotted as Zeek
// writes it) so stored, queried and exported names are one and the same; engines quote it.
// Two columns the store adds start with `_`, which no Zeek field does: `_source` (the input a record
// came from) and `_extra` (the source's columns the schema does not know, as JSON).
import { ZEEK_LAYOUTS } from '../schema/layouts.js';
import { isObservationType } from '../schema/registry.js';
import type { ObservationType } from '../schema/observation.js';
import type { ZeekType } from '../schema/zeek-layout.js';
import { StoreError } from './errors.js';

/** How a column is stored, independent of the engine's type names. */
export type ColumnKind =
  /** epoch seconds in the record; a timestamp at µs resolution in the store */
  | 'time'
  /** Zeek count / int */
  | 'integer'
  /** 0–65535 */
  | 'port'
  /** Zeek double / interval (seconds) */
  | 'double'
  | 'bool'
  /** Zeek string / enum / addr / subnet (addresses in their text form) */
  | 'string'
  | 'string_list'
  | 'integer_list'
  | 'double_list';

export interface ObservationColumn {
  /** Zeek column name, also the stored column name */
  name: string;
  zeekType: ZeekType | 'store';
  kind: ColumnKind;
  /** where the value lives in the record: ['id', 'orig_h'] for id.orig_h */
  path: readonly string[];
}

/**
 * Largest |epoch seconds| a time may have: every engine must hold ±9e12 s (about ±285,000 years) at
 * µs resolution; DuckDB's TIMESTAMP holds a little more.
 */
export const MAX_EPOCH_SECONDS = 9e12;

export const SOURCE_COLUMN = '_source';
export const EXTRA_COLUMN = '_extra';

const KIND_OF: Record<ZeekType, ColumnKind> = {
  time: 'time',
  string: 'string',
  enum: 'string',
  addr: 'string',
  subnet: 'string',
  port: 'port',
  count: 'integer',
  int: 'integer',
  interval: 'double',
  double: 'double',
  bool: 'bool',
  'set[string]': 'string_list',
  'vector[string]': 'string_list',
  'set[addr]': 'string_list',
  'vector[addr]': 'string_list',
  'set[enum]': 'string_list',
  'vector[interval]': 'double_list',
  'vector[count]': 'integer_list',
  'set[count]': 'integer_list',
};

export function isListKind(kind: ColumnKind): boolean {
  return kind === 'string_list' || kind === 'integer_list' || kind === 'double_list';
}

/** The scalar kind of a list's elements (or the kind itself for scalars). */
export function elementKind(kind: ColumnKind): ColumnKind {
  return kind === 'string_list' ? 'string' : kind === 'integer_list' ? 'integer' : kind === 'double_list' ? 'double' : kind;
}

export interface TypeColumns {
  type: ObservationType;
  /** the layout's columns in Zeek's order */
  layout: readonly ObservationColumn[];
  /** layout columns plus `_source` (queryable), by name */
  byName: ReadonlyMap<string, ObservationColumn>;
}

const SOURCE: ObservationColumn = { name: SOURCE_COLUMN, zeekType: 'store', kind: 'string', path: [] };

const cache = new Map<ObservationType, TypeColumns>();

function build(type: ObservationType): TypeColumns {
  const layout = ZEEK_LAYOUTS[type].map((f): ObservationColumn => ({ name: f.name, zeekType: f.type, kind: KIND_OF[f.type], path: f.name.split('.') }));
  const byName = new Map<string, ObservationColumn>();
  const folded = new Set<string>();
  for (const c of [...layout, SOURCE]) {
    // Engines such as DuckDB fold identifier case; two names differing only in case would share a column.
    const key = c.name.toLowerCase();
    if (folded.has(key) || (c !== SOURCE && c.name.startsWith('_'))) {
      throw new StoreError('layout_mismatch', `the ${type} layout has a column "${c.name}" that clashes with another column or with the store's own _-prefixed columns; rename it in src/schema`);
    }
    folded.add(key);
    byName.set(c.name, c);
  }
  return { type, layout, byName };
}

/** The columns of a type; throws StoreError('unknown_type') for a name the schema does not know. */
export function columnsOf(type: string): TypeColumns {
  if (!isObservationType(type)) {
    throw new StoreError('unknown_type', `unknown observation type "${type}"; known types: ${Object.keys(ZEEK_LAYOUTS).join(', ')}`);
  }
  let cols = cache.get(type);
  if (!cols) cache.set(type, (cols = build(type)));
  return cols;
}

/** Looks a field up by exact name; throws StoreError('unknown_field') with the valid names otherwise. */
export function columnOf(cols: TypeColumns, field: unknown): ObservationColumn {
  const c = typeof field === 'string' ? cols.byName.get(field) : undefined;
  if (!c) {
    const shown = typeof field === 'string' ? JSON.stringify(field.length > 80 ? field.slice(0, 80) + '…' : field) : String(field);
    throw new StoreError('unknown_field', `unknown field ${shown} for ${cols.type} observations; fields are: ${[...cols.byName.keys()].join(', ')}`);
  }
  return c;
}

/** Reads a column's value from a record (undefined when absent). */
export function readPath(record: unknown, path: readonly string[]): unknown {
  let v: unknown = record;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** Writes a value into a record, creating nested objects on the way. */
export function writePath(record: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = record;
  for (let i = 0; i < path.length - 1; i++) {
    const p = path[i]!;
    let next = o[p] as Record<string, unknown> | undefined;
    if (next === undefined) o[p] = next = {};
    o = next;
  }
  o[path[path.length - 1]!] = value;
}
