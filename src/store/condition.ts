// Conditions: builders for callers, and the engine-independent check that turns a Condition (which
// may arrive as JSON from the API) into a resolved tree whose fields are layout columns and whose
// values fit them. Engines compile only resolved trees, so no name from user text ever reaches SQL.
import { columnOf, elementKind, isListKind, MAX_EPOCH_SECONDS, type ObservationColumn, type TypeColumns } from './columns.js';
import { StoreError } from './errors.js';
import type { Condition, Scalar } from './types.js';

/** Deepest nesting of and/or/not accepted (a guard against hostile or runaway queries). */
export const MAX_CONDITION_DEPTH = 64;
/** Most leaves in one condition. */
export const MAX_CONDITION_LEAVES = 4096;
/** Most values in one `in` list. */
export const MAX_IN_VALUES = 10_000;

export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A wildcard pattern split into literal text and wildcards, for each engine to spell its own way. */
export type WildcardPart = { literal: string } | { any: true } | { one: true };

export type Resolved =
  | { op: 'cmp'; cmp: Comparison; column: ObservationColumn; value: Scalar }
  | { op: 'in'; column: ObservationColumn; values: readonly Scalar[] }
  | { op: 'like'; column: ObservationColumn; parts: readonly WildcardPart[]; caseInsensitive: boolean }
  | { op: 'is_null'; column: ObservationColumn }
  | { op: 'and' | 'or'; items: readonly Resolved[] }
  | { op: 'not'; item: Resolved };

// ─── builders ─────────────────────────────────────────────────────────────────────────────────

export const eq = (field: string, value: Scalar): Condition => ({ op: '=', field, value });
export const ne = (field: string, value: Scalar): Condition => ({ op: '!=', field, value });
export const lt = (field: string, value: Scalar): Condition => ({ op: '<', field, value });
export const le = (field: string, value: Scalar): Condition => ({ op: '<=', field, value });
export const gt = (field: string, value: Scalar): Condition => ({ op: '>', field, value });
export const ge = (field: string, value: Scalar): Condition => ({ op: '>=', field, value });
export const isIn = (field: string, values: readonly Scalar[]): Condition => ({ op: 'in', field, values });
export const like = (field: string, pattern: string, caseInsensitive = false): Condition => ({ op: 'like', field, pattern, caseInsensitive });
export const isNull = (field: string): Condition => ({ op: 'is_null', field });
export const and = (...conditions: Condition[]): Condition => ({ op: 'and', conditions });
export const or = (...conditions: Condition[]): Condition => ({ op: 'or', conditions });
export const not = (condition: Condition): Condition => ({ op: 'not', condition });

// ─── resolution ───────────────────────────────────────────────────────────────────────────────

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);

function bad(message: string): StoreError {
  return new StoreError('bad_condition', message);
}

/** Checks a value against the (element) kind of a column. */
export function checkValue(column: ObservationColumn, value: unknown): Scalar {
  const kind = elementKind(column.kind);
  const ok =
    kind === 'string' ? typeof value === 'string'
    : kind === 'bool' ? typeof value === 'boolean'
    : kind === 'time' ? typeof value === 'number' && Math.abs(value) <= MAX_EPOCH_SECONDS
    : typeof value === 'number' && Number.isFinite(value);
  if (!ok) {
    const want = kind === 'string' ? 'a string' : kind === 'bool' ? 'true or false' : kind === 'time' ? 'epoch seconds (a finite number)' : 'a finite number';
    throw new StoreError('bad_value', `field ${column.name} takes ${want}, not ${JSON.stringify(value) ?? String(value)}`);
  }
  return value as Scalar;
}

/** `*` any run, `?` one character, `\` escapes the next character (so `\*` is a literal star). */
export function parseWildcard(pattern: string): WildcardPart[] {
  const parts: WildcardPart[] = [];
  let lit = '';
  const flush = () => {
    if (lit) parts.push({ literal: lit });
    lit = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) lit += pattern[++i];
    else if (ch === '*') {
      flush();
      parts.push({ any: true });
    } else if (ch === '?') {
      flush();
      parts.push({ one: true });
    } else lit += ch;
  }
  flush();
  return parts;
}

/** Validates a condition against a type's columns; throws a typed StoreError on the first problem. */
export function resolveCondition(cols: TypeColumns, cond: Condition): Resolved {
  let leaves = 0;
  const visit = (c: unknown, depth: number): Resolved => {
    if (depth > MAX_CONDITION_DEPTH) throw bad(`condition nested deeper than ${MAX_CONDITION_DEPTH} levels`);
    if (c === null || typeof c !== 'object') throw bad(`a condition must be an object, not ${JSON.stringify(c) ?? String(c)}`);
    const node = c as Record<string, unknown>;
    const op = node['op'];
    if (op === 'and' || op === 'or') {
      const list = node['conditions'];
      if (!Array.isArray(list)) throw bad(`"${op}" needs a "conditions" array`);
      return { op, items: list.map((x) => visit(x, depth + 1)) };
    }
    if (op === 'not') return { op, item: visit(node['condition'], depth + 1) };
    if (++leaves > MAX_CONDITION_LEAVES) throw bad(`condition has more than ${MAX_CONDITION_LEAVES} comparisons`);
    if (typeof op !== 'string' || !(COMPARISONS.has(op) || op === 'in' || op === 'like' || op === 'is_null')) {
      throw bad(`unknown operator ${JSON.stringify(op) ?? String(op)}; operators are = != < <= > >= in like is_null and or not`);
    }
    const column = columnOf(cols, node['field']);
    const list = isListKind(column.kind);
    if (op === 'is_null') return { op, column };
    if (op === 'like') {
      const pattern = node['pattern'];
      if (typeof pattern !== 'string') throw bad(`"like" on ${column.name} needs a string "pattern"`);
      if (elementKind(column.kind) !== 'string') throw bad(`"like" applies to text fields; ${column.name} is ${column.zeekType}`);
      return { op, column, parts: parseWildcard(pattern), caseInsensitive: node['caseInsensitive'] === true };
    }
    if (op === 'in') {
      const values = node['values'];
      if (!Array.isArray(values)) throw bad(`"in" on ${column.name} needs a "values" array`);
      if (values.length > MAX_IN_VALUES) throw bad(`"in" on ${column.name} has more than ${MAX_IN_VALUES} values`);
      return { op, column, values: values.map((v) => checkValue(column, v)) };
    }
    const cmp = op as Comparison;
    const ordering = cmp !== '=' && cmp !== '!=';
    if (ordering && list) throw bad(`"${cmp}" does not apply to the list field ${column.name}; use = != in like`);
    if (ordering && column.kind === 'bool') throw bad(`"${cmp}" does not apply to the boolean field ${column.name}; use = or !=`);
    return { op: 'cmp', cmp, column, value: checkValue(column, node['value']) };
  };
  return visit(cond, 0);
}
