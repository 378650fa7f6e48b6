// Written values read as the column's kind: numbers for counts and ports, epoch seconds or ISO dates
// for times, true/false for booleans, IPv4 CIDR blocks for addresses. A value that cannot be read is
// a SearchError('bad_value') that names the field and shows a value that would work.
import { elementKind, type ObservationColumn } from '../columns.js';
import { and, eq, ge, isIn, like, or } from '../condition.js';
import type { Condition, Scalar } from '../types.js';
import type { Value } from './ast.js';
import { SearchError } from './errors.js';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY = 86_400;

function bad(column: ObservationColumn, v: Value, want: string): SearchError {
  const shown = v.text.length > 60 ? v.text.slice(0, 60) + '…' : v.text;
  return new SearchError('bad_value', `'${shown}' is not ${want}, which ${column.name} takes`, v.position);
}

export function isAddressColumn(column: ObservationColumn): boolean {
  const z = column.zeekType;
  return z === 'addr' || z === 'set[addr]' || z === 'vector[addr]' || z === 'subnet';
}

/** Text columns free text looks in: strings and addresses and their lists (not enums, not `_source`). */
export function isFreeTextColumn(column: ObservationColumn): boolean {
  const z = column.zeekType;
  return z === 'string' || z === 'addr' || z === 'subnet' || z === 'set[string]' || z === 'vector[string]' || z === 'set[addr]' || z === 'vector[addr]';
}

/** A time value: epoch seconds (an instant) or an ISO date (the whole UTC day) or date-time (an instant). */
export interface TimeValue {
  start: number;
  /** exclusive end of a date-only value (start + 1 day); equal to start for an instant */
  end: number;
}

export function timeValue(column: ObservationColumn, v: Value): TimeValue {
  const t = v.text.trim();
  if (DECIMAL.test(t)) {
    const n = Number(t);
    if (Number.isFinite(n) && Math.abs(n) <= 9e12) return { start: n, end: n };
  }
  const d = DATE.exec(t);
  if (d) {
    const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    if (Number.isFinite(ms) && new Date(ms).toISOString().startsWith(t)) return { start: ms / 1000, end: ms / 1000 + DAY };
  } else if (DATE_TIME.test(t)) {
    let iso = t.replace(' ', 'T');
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso)) iso += 'Z'; // no zone: UTC, as everything is stored
    const ms = Date.parse(iso);
    if (Number.isFinite(ms)) {
      const frac = /\.(\d+)/.exec(iso.slice(19))?.[1];
      // keep µs that Date drops (it holds ms)
      const extra = frac && frac.length > 3 ? Number('0.' + frac) - Number('0.' + frac.slice(0, 3)) : 0;
      return { start: ms / 1000 + extra, end: ms / 1000 + extra };
    }
  }
  throw bad(column, v, 'a time (epoch seconds, or an ISO date such as 2024-05-01 or 2024-05-01T12:30:00Z)');
}

/** A single value of the column's (element) kind, for =, <, ranges. */
export function scalarValue(column: ObservationColumn, v: Value): Scalar {
  const kind = elementKind(column.kind);
  const t = v.text.trim();
  switch (kind) {
    case 'string':
      return v.text;
    case 'integer':
    case 'port': {
      const n = Number(t);
      if (!INTEGER.test(t) || !Number.isSafeInteger(n)) throw bad(column, v, kind === 'port' ? 'a port number (e.g. 443)' : 'a whole number');
      return n;
    }
    case 'double': {
      const n = Number(t);
      if (!DECIMAL.test(t) || !Number.isFinite(n)) throw bad(column, v, 'a number (e.g. 1.5)');
      return n;
    }
    case 'bool': {
      const l = t.toLowerCase();
      if (l === 'true' || l === 't' || l === '1') return true;
      if (l === 'false' || l === 'f' || l === '0') return false;
      throw bad(column, v, 'true or false');
    }
    case 'time':
      return timeValue(column, v).start;
    default:
      throw bad(column, v, 'a value');
  }
}

/** Escapes text for the store's wildcard syntax (so it matches itself). */
export function escapeWildcards(text: string): string {
  return text.replace(/[\\*?]/g, (c) => '\\' + c);
}

/**
 * field:value. Text: exact (case-sensitive) or a wildcard pattern; addresses: also IPv4 CIDR; times:
 * an instant, or a whole day for a date; numbers and booleans: exact.
 */
export function matchCondition(column: ObservationColumn, v: Value): Condition {
  const kind = elementKind(column.kind);
  if (v.pattern !== undefined && kind !== 'string') {
    throw new SearchError('bad_value', `wildcards apply to text fields; ${column.name} is ${column.zeekType}: use a range such as ${column.name}:[a TO b]`, v.position);
  }
  if (kind === 'string') {
    if (isAddressColumn(column) && v.text.includes('/')) return cidrCondition(column, v);
    return v.pattern !== undefined ? like(column.name, v.pattern) : eq(column.name, v.text);
  }
  if (kind === 'time') {
    const t = timeValue(column, v);
    return t.end > t.start ? and(ge(column.name, t.start), { op: '<', field: column.name, value: t.end }) : eq(column.name, t.start);
  }
  return eq(column.name, scalarValue(column, v));
}

/**
 * An IPv4 CIDR block as conditions on the address text: whole octets are a prefix pattern
 * (10.1.0.0/16 → 10.1.*), a partial octet is the list of its values (10.0.16.0/20 → 10.0.16.* …
 * 10.0.31.*). Text comparison cannot express IPv6 prefixes (zeros are compressed), so those are refused.
 */
export function cidrCondition(column: ObservationColumn, v: Value): Condition {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v.text.trim());
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits > 32) {
    const ipv6 = v.text.includes(':');
    throw new SearchError(
      'bad_value',
      ipv6
        ? `IPv6 CIDR blocks are not supported ('${v.text}'); use a wildcard on the address text, e.g. ${column.name}:2001:db8:*`
        : `'${v.text}' is not an IPv4 CIDR block such as 10.0.0.0/8 or 192.168.1.0/24 (for ${column.name})`,
      v.position,
    );
  }
  const whole = Math.floor(bits / 8);
  const rest = bits % 8;
  const prefix = octets.slice(0, whole);
  if (rest === 0) {
    if (whole === 4) return eq(column.name, octets.join('.'));
    return like(column.name, [...prefix, ...Array(4 - whole).fill('*')].join('.'));
  }
  const size = 2 ** (8 - rest);
  const base = octets[whole]! & (256 - size);
  const values = Array.from({ length: size }, (_, i) => base + i);
  if (whole === 3) return isIn(column.name, values.map((x) => [...prefix, x].join('.')));
  return or(...values.map((x) => like(column.name, [...prefix, x, ...Array(3 - whole).fill('*')].join('.'))));
}
