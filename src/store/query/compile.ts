// A parsed query → one store Condition per observation type. The SQL is always the store's own
// parameterised compiler's: this file only builds Condition trees from layout column names.
//
// Types: `@type` terms are evaluated per type first (true/false constants, simplified away), so
// `(@type:ssl AND server_name:x) OR (@type:dns AND query:x)` gives each type its own branch. A type
// is searched when what remains is not false and the type has every field it names; without any
// `@type`, that is every type that has all the named fields.
import { ZEEK_LAYOUTS } from '../../schema/layouts.js';
import type { ObservationType } from '../../schema/observation.js';
import { columnsOf, isListKind, type ObservationColumn, type TypeColumns } from '../columns.js';
import { and, eq, ge, gt, isNull, le, like, lt, MAX_CONDITION_DEPTH, MAX_CONDITION_LEAVES, not, or } from '../condition.js';
import type { Condition } from '../types.js';
import { TYPE_FIELD, type Node, type Value } from './ast.js';
import { SearchError } from './errors.js';
import { suggest } from './suggest.js';
import { escapeWildcards, isAddressColumn, isFreeTextColumn, matchCondition, scalarValue, timeValue } from './values.js';

/** Every observation type, in the schema's order. */
export const ALL_TYPES = Object.keys(ZEEK_LAYOUTS) as ObservationType[];

export interface TypeQuery {
  type: ObservationType;
  /** undefined: every record of the type */
  where: Condition | undefined;
}

type Lowered = Condition | boolean;

/** A field the type does not have (the type is left out, or the query refused when none is left). */
class MissingField {
  constructor(
    readonly field: string,
    readonly position: number,
  ) {}
}

function wildcardRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

/** Does a value of @type select this type? Unknown type names are refused with a suggestion. */
function typeMatches(v: Value, type: ObservationType): boolean {
  return v.pattern !== undefined ? wildcardRegExp(v.pattern).test(type) : v.text === type;
}

function checkTypeValues(node: Node): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.items.forEach(checkTypeValues);
    case 'not':
      return checkTypeValues(node.item);
    case 'compare':
    case 'range':
      if (node.field === TYPE_FIELD) throw new SearchError('bad_value', `${TYPE_FIELD} takes type names (e.g. @type:ssl or @type:(ssl OR x509)), not ranges`, node.position);
      return;
    case 'match':
      if (node.field === TYPE_FIELD && !ALL_TYPES.some((t) => typeMatches(node.value, t))) {
        const hint = suggest(node.value.text, ALL_TYPES);
        throw new SearchError('bad_value', `unknown observation type '${node.value.text}'${hint ? `; did you mean '${hint}'?` : '.'} Types: ${ALL_TYPES.join(', ')}`, node.value.position);
      }
  }
}

function hasTypeTerm(node: Node): boolean {
  if (node.kind === 'and' || node.kind === 'or') return node.items.some(hasTypeTerm);
  if (node.kind === 'not') return hasTypeTerm(node.item);
  return (node.kind === 'match' || node.kind === 'exists') && node.field === TYPE_FIELD;
}

function combine(op: 'and' | 'or', parts: Lowered[]): Lowered {
  const kept: Condition[] = [];
  for (const p of parts) {
    if (p === (op === 'or')) return p; // a true in an OR, a false in an AND decides it
    if (p !== (op === 'and')) kept.push(p as Condition);
  }
  if (kept.length === 0) return op === 'and';
  return kept.length === 1 ? kept[0]! : op === 'and' ? and(...kept) : or(...kept);
}

/**
 * Lowers the query for one type. `@type` and `*` become constants before any field is looked up, so
 * a branch that cannot hold for this type never asks for its fields.
 */
function lower(node: Node, cols: TypeColumns): Lowered {
  const constant = typeConstant(node, cols.type);
  if (constant !== undefined) return constant;
  switch (node.kind) {
    case 'and':
    case 'or': {
      const op = node.kind;
      // constants first: they may decide the whole node without touching fields
      const first = node.items.map((i) => typeConstant(i, cols.type));
      if (first.includes(op === 'or')) return op === 'or';
      return combine(op, node.items.map((i, k) => first[k] ?? lower(i, cols)));
    }
    case 'not': {
      const inner = lower(node.item, cols);
      return typeof inner === 'boolean' ? !inner : not(inner);
    }
    case 'text':
      return freeText(node.value, cols);
    case 'all':
      return true;
    default:
      return fieldTerm(node, column(cols, node.field, node.position));
  }
}

/** true/false when the node is decided by the type alone (`@type`, `*`, and/or/not of those). */
function typeConstant(node: Node, type: ObservationType): boolean | undefined {
  switch (node.kind) {
    case 'all':
      return true;
    case 'match':
      return node.field === TYPE_FIELD ? typeMatches(node.value, type) : undefined;
    case 'exists':
      return node.field === TYPE_FIELD ? true : undefined;
    case 'not': {
      const c = typeConstant(node.item, type);
      return c === undefined ? undefined : !c;
    }
    case 'and':
    case 'or': {
      const cs = node.items.map((i) => typeConstant(i, type));
      if (cs.includes(node.kind === 'or')) return node.kind === 'or';
      return cs.every((c) => c !== undefined) ? node.kind === 'and' : undefined;
    }
    default:
      return undefined;
  }
}

function column(cols: TypeColumns, field: string, position: number): ObservationColumn {
  const c = cols.byName.get(field);
  if (!c) throw new MissingField(field, position);
  return c;
}

function fieldTerm(node: Exclude<Node, { kind: 'and' | 'or' | 'not' | 'text' | 'all' }>, c: ObservationColumn): Condition {
  const orderable = (v: Value) => {
    if (isListKind(c.kind) || c.kind === 'bool') {
      throw new SearchError('bad_value', `${c.name} is ${c.zeekType}: ranges and >, < do not apply to it; use ${c.name}:value`, v.position);
    }
  };
  switch (node.kind) {
    case 'exists':
      return not(isNull(c.name));
    case 'match':
      return matchCondition(c, node.value);
    case 'compare': {
      orderable(node.value);
      if (c.kind === 'time') {
        // a date is the whole day: > 2024-05-01 starts on the 2nd, <= 2024-05-01 ends with the 1st
        const t = timeValue(c, node.value);
        const day = t.end > t.start;
        if (node.op === '>') return day ? ge(c.name, t.end) : gt(c.name, t.start);
        if (node.op === '<=') return day ? lt(c.name, t.end) : le(c.name, t.start);
        return node.op === '>=' ? ge(c.name, t.start) : lt(c.name, t.start);
      }
      const v = scalarValue(c, node.value);
      return node.op === '>' ? gt(c.name, v) : node.op === '>=' ? ge(c.name, v) : node.op === '<' ? lt(c.name, v) : le(c.name, v);
    }
    case 'range': {
      const parts: Condition[] = [];
      for (const [b, low, incl] of [
        [node.lower, true, node.lowerInclusive],
        [node.upper, false, node.upperInclusive],
      ] as const) {
        if (!b) continue;
        orderable(b);
        if (c.kind === 'time') {
          const t = timeValue(c, b);
          const day = t.end > t.start;
          if (low) parts.push(incl ? ge(c.name, t.start) : day ? ge(c.name, t.end) : gt(c.name, t.start));
          else parts.push(incl ? (day ? lt(c.name, t.end) : le(c.name, t.start)) : lt(c.name, t.start));
        } else {
          const v = scalarValue(c, b);
          parts.push(low ? (incl ? ge(c.name, v) : gt(c.name, v)) : incl ? le(c.name, v) : lt(c.name, v));
        }
      }
      return parts.length === 1 ? parts[0]! : and(...parts);
    }
  }
}

/**
 * Identifiers (connection and file uids, hashes, fingerprints): a bare value matches them whole and
 * case-sensitively, as they are written; a piece of a uid means nothing, and exact matches are cheap.
 */
const IDENTIFIER = /(^|_)(uids?|fuids?|fps)$|^(community_id|md5|sha1|sha256|fingerprint|ja3s?|ja4|hassh|hasshServer|host_key_fingerprint)$/;
/** What an address (or a part of one) can contain; text with anything else is not looked for in addresses. */
const ADDRESS_TEXT = /^[0-9a-f.:/%*?\\]*$/i;

/**
 * A bare value: any text field of the type (strings, addresses and their lists; see
 * isFreeTextColumn) contains it, case-insensitively; with wildcards, a whole field matches the
 * pattern. Identifiers must equal it (or match its pattern). Address fields are skipped when the
 * value has characters no address has ("microsoft"): they could not match, and skipping them is free.
 */
function freeText(v: Value, cols: TypeColumns): Lowered {
  const pattern = v.pattern ?? `*${escapeWildcards(v.text)}*`;
  const conds: Condition[] = [];
  for (const c of cols.layout) {
    if (!isFreeTextColumn(c)) continue;
    if (isAddressColumn(c) && !ADDRESS_TEXT.test(v.text)) continue;
    if (IDENTIFIER.test(c.name)) conds.push(v.pattern !== undefined ? like(c.name, v.pattern) : eq(c.name, v.text));
    else conds.push(like(c.name, pattern, true));
  }
  if (conds.length === 0) return false;
  return conds.length === 1 ? conds[0]! : or(...conds);
}

/** The fields a query names (not @type), with where each is first named. */
function namedFields(node: Node, out = new Map<string, number>()): Map<string, number> {
  if (node.kind === 'and' || node.kind === 'or') node.items.forEach((i) => namedFields(i, out));
  else if (node.kind === 'not') namedFields(node.item, out);
  else if ('field' in node && node.field !== TYPE_FIELD && !out.has(node.field)) out.set(node.field, node.position);
  return out;
}

function unknownField(ast: Node, missing: MissingField, candidates: readonly ObservationType[]): SearchError {
  const { field, position } = missing;
  const holders = ALL_TYPES.filter((t) => columnsOf(t).byName.has(field));
  const names = (types: readonly ObservationType[]) => [...new Set(types.flatMap((t) => [...columnsOf(t).byName.keys()]))];
  if (hasTypeTerm(ast) || holders.length === 0) {
    const scope = hasTypeTerm(ast) ? candidates : ALL_TYPES;
    const hint = suggest(field, names(scope));
    const where = hasTypeTerm(ast) ? `for ${scope.join(', ')}` : 'in any observation type';
    const also = holders.length > 0 && hasTypeTerm(ast) ? ` (${field} is a field of ${holders.join(', ')})` : '';
    return new SearchError('unknown_field', `unknown field '${field}' ${where}${also}${hint ? `; did you mean '${hint}'?` : '; check the spelling (field names are Zeek\'s, e.g. id.resp_p, server_name)'}`, position);
  }
  const fields = [...namedFields(ast).keys()];
  const detail = fields.map((f) => `${f} is in ${ALL_TYPES.filter((t) => columnsOf(t).byName.has(f)).join(', ') || 'no type'}`).join('; ');
  return new SearchError('unknown_field', `no observation type has all of the fields ${fields.join(', ')} (${detail}); search them separately or choose types with @type`, position);
}

/**
 * The store refuses conditions deeper or larger than its limits; free text (one test per text field)
 * and CIDR blocks (up to 128 patterns) multiply terms, so a query within the parser's limits can
 * still exceed them: say so here, as the query's own error.
 */
function checkSize(where: Condition, type: ObservationType): void {
  let leaves = 0;
  const visit = (c: Condition, depth: number): void => {
    if (depth > MAX_CONDITION_DEPTH) {
      throw new SearchError('too_complex', `the query nests too deeply once expanded for ${type} (over ${MAX_CONDITION_DEPTH} levels); remove some parentheses`, 0);
    }
    if (c.op === 'and' || c.op === 'or') c.conditions.forEach((x) => visit(x, depth + 1));
    else if (c.op === 'not') visit(c.condition, depth + 1);
    else if (++leaves > MAX_CONDITION_LEAVES) {
      throw new SearchError('too_complex', `the query expands to more than ${MAX_CONDITION_LEAVES} comparisons for ${type} (free text tests every text field; CIDR blocks up to 128 patterns); use fewer terms or name the fields`, 0);
    }
  };
  visit(where, 0);
}

/**
 * The conditions to run, one per type that can match. Throws SearchError when no type can (an
 * unknown field, or a value that fits no type); a query that simply matches nothing (@type:conn AND
 * @type:dns) gives an empty list.
 */
export function compileQuery(ast: Node): TypeQuery[] {
  checkTypeValues(ast);
  const out: TypeQuery[] = [];
  const candidates: ObservationType[] = [];
  let missing: MissingField | undefined;
  let badValue: SearchError | undefined;
  for (const type of ALL_TYPES) {
    if (typeConstant(ast, type) === false) continue;
    candidates.push(type);
    try {
      const where = lower(ast, columnsOf(type));
      if (typeof where === 'object') checkSize(where, type);
      if (where !== false) out.push({ type, where: where === true ? undefined : where });
    } catch (e) {
      if (e instanceof MissingField) missing ??= e;
      else if (e instanceof SearchError && e.code === 'bad_value') badValue ??= e;
      else throw e;
    }
  }
  if (out.length > 0) return out;
  if (badValue) throw badValue;
  if (missing) throw unknownField(ast, missing, candidates);
  return out;
}
