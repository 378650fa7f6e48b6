// How a condition compares a value with its threshold. Values read from observations can be lists
// (a Kerberos reply's cipher list, a certificate's SANs): a positive test (=, in, matches, >…) holds
// when any element passes, a negative one (!=, not-in) when no element fails it.
import type { Condition } from './model-schema.js';

export type Value = number | string | boolean | undefined | readonly (string | number)[];
type Scalar = number | string | boolean;

export function compare(v: Value, op: Condition['op'], ref: Condition['value']): boolean {
  if (op === 'exists') return (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) === (ref === true || ref === 'true');
  // an absent value is unequal to anything, and in no list
  if (v === undefined) return op === '!=' || op === 'not-in';
  if (Array.isArray(v)) {
    if (op === '!=' || op === 'not-in') return v.every((x) => compareScalar(x, op, ref));
    return v.some((x) => compareScalar(x, op, ref));
  }
  return compareScalar(v as Scalar, op, ref);
}

function compareScalar(v: Scalar, op: Condition['op'], ref: Condition['value']): boolean {
  switch (op) {
    case 'exists':
      return true; // decided in compare()
    case '>':
      return typeof v === 'number' && v > Number(ref);
    case '>=':
      return typeof v === 'number' && v >= Number(ref);
    case '<':
      return typeof v === 'number' && v < Number(ref);
    case '<=':
      return typeof v === 'number' && v <= Number(ref);
    case '=':
      return v === ref || String(v) === String(ref);
    case '!=':
      return !(v === ref || String(v) === String(ref));
    case 'in':
      return Array.isArray(ref) && ref.includes(String(v));
    case 'not-in':
      return Array.isArray(ref) && !ref.includes(String(v));
    case 'matches':
      return Array.isArray(ref) ? ref.some((p) => wildcard(p).test(String(v))) : typeof ref === 'string' && wildcard(ref).test(String(v));
  }
}

const wildcards = new Map<string, RegExp>();
/** `*.example.com`, `*sqlmap*`: `*` is any run of characters, case-insensitive, whole value. */
export function wildcard(p: string): RegExp {
  let re = wildcards.get(p);
  if (!re) wildcards.set(p, (re = new RegExp(`^${p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i')));
  return re;
}

/**
 * `compare` with the threshold prepared once: a list of wildcards becomes one regular expression,
 * a list for `in` a set. The engine's per-observation path uses these.
 */
export function compileCompare(op: Condition['op'], ref: Condition['value']): (v: Value) => boolean {
  let scalar: ((x: Scalar) => boolean) | undefined;
  if (op === 'matches') scalar = compileWildcards(Array.isArray(ref) ? ref : [String(ref)]); else if (op === 'in' || op === 'not-in') {
    const set = new Set(Array.isArray(ref) ? ref : []);
    scalar = op === 'in' ? (x) => set.has(String(x)) : (x) => !set.has(String(x));
  } else if (op === '>' || op === '>=' || op === '<' || op === '<=') {
    const n = Number(ref);
    scalar = op === '>' ? (x) => typeof x === 'number' && x > n : op === '>=' ? (x) => typeof x === 'number' && x >= n : op === '<' ? (x) => typeof x === 'number' && x < n : (x) => typeof x === 'number' && x <= n;
  }
  if (op === '=' || op === '!=') {
    const text = String(ref);
    const eq = (x: Scalar) => x === ref || (typeof x !== typeof ref && String(x) === text);
    scalar = op === '=' ? eq : (x) => !eq(x);
    if (op === '!=') return (v) => (v === undefined ? true : typeof v === 'object' ? v.every(scalar!) : scalar!(v));
  }
  if (!scalar) return (v) => compare(v, op, ref);
  const one = scalar;
  const negative = op === 'not-in';
  // list values (an endpoint's names) are often the same array object observation after
  // observation: remember the answer per array
  const seen = new WeakMap<object, boolean>();
  return (v) => {
    if (v === undefined) return negative;
    if (typeof v === 'object') {
      let r = seen.get(v);
      if (r === undefined) seen.set(v, (r = negative ? v.every(one) : v.some(one)));
      return r;
    }
    return one(v);
  };
}

/**
 * A list of wildcards as one test: exact names in a set, `*suffix` patterns (hostname lists) by
 * endsWith, and whatever else in one regular expression. Case-insensitive, as `wildcard`.
 */
function compileWildcards(patterns: readonly string[]): (x: Scalar) => boolean {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  const inner: string[] = [];
  const rest: string[] = [];
  for (const p of patterns) {
    const star = p.lastIndexOf('*');
    if (star < 0) exact.add(p.toLowerCase());
    else if (star === 0 && p.length > 1) suffixes.push(p.slice(1).toLowerCase());
    else if (p.length > 2 && p.indexOf('*') === 0 && star === p.length - 1 && p.indexOf('*', 1) === star) inner.push(p.slice(1, -1).toLowerCase());
    else rest.push(wildcard(p).source.slice(1, -1));
  }
  const re = rest.length ? new RegExp(`^(?:${rest.join('|')})$`, 'i') : null;
  return (x) => {
    const v = String(x).toLowerCase();
    if (exact.has(v)) return true;
    for (let i = 0; i < suffixes.length; i++) if (v.endsWith(suffixes[i]!)) return true;
    for (let i = 0; i < inner.length; i++) if (v.includes(inner[i]!)) return true;
    return re !== null && re.test(v);
  };
}
